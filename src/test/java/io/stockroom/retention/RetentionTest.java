package io.stockroom.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.cli.StockroomCommand;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.security.ApiTokens;
import io.stockroom.security.Role;
import io.stockroom.testdata.Sql;
import io.stockroom.testdata.TestAccess;
import io.stockroom.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retention per dataset on a real warehouse and raw lake: an orders file received long ago (its feed, raw file,
 * quarantined row and order lines) expires, a recent one stays; admins see the dry run over the API and the CLI,
 * apply it, and the audit log names what went.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@CapturesSystemStreams
class RetentionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry r) {
        r.add("stockroom.data-dir", DATA_DIR::toString);
        r.add("stockroom.retention.cron", () -> "0 45 4 * * *");
        r.add("stockroom.retention.datasets.orders.raw-days", () -> "30");
        r.add("stockroom.retention.datasets.orders.facts-days", () -> "60");
        r.add("stockroom.retention.datasets.orders.quarantine-days", () -> "30");
        r.add("stockroom.retention.datasets.orders.feeds-days", () -> "90");
        r.add("stockroom.retention.datasets.default.quarantine-days", () -> "365");
    }

    @LocalServerPort
    int port;

    @Autowired
    IngestService ingest;

    @Autowired
    Warehouse warehouse;

    @Autowired
    ApiTokens tokens;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOldOrdersFileExpiresWithADryRunFirstAndAnAuditRow() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        FeedResult old = load("orders_2020.csv", LocalDate.of(2020, 1, 5), true);
        FeedResult recent = load("orders_recent.csv", today.minusDays(1), false);
        assertThat(old.recordsQuarantined()).isEqualTo(1);
        // the old file arrived in 2020 (the test cannot wait: it dates the receipt back)
        for (String sql : new String[] {
            "UPDATE raw_manifest SET received_at = TIMESTAMP '2020-01-06 08:00:00' WHERE feed_id = ?",
            "UPDATE feeds SET created_at = TIMESTAMP '2020-01-06 08:00:00' WHERE feed_id = ?",
            "UPDATE quarantine SET quarantined_at = TIMESTAMP '2020-01-06 08:00:00' WHERE feed_id = ?"
        }) {
            warehouse.withConnection(c -> {
                try (var p = c.prepareStatement(sql)) {
                    p.setString(1, old.feedId());
                    return p.executeUpdate();
                }
            });
        }
        Path oldFile = DATA_DIR.resolve(Sql.scalar(
                warehouse, String.class, "SELECT lake_path FROM raw_manifest WHERE feed_id = ?", old.feedId()));
        Path recentFile = DATA_DIR.resolve(Sql.scalar(
                warehouse, String.class, "SELECT lake_path FROM raw_manifest WHERE feed_id = ?", recent.feedId()));
        assertThat(oldFile).exists();

        // the dry run: admins only; it names what would go and changes nothing
        String engineer = "Bearer "
                + tokens.create("engineer", EnumSet.of(Role.DATA_ENGINEER), Set.of(), Set.of(), null, "test")
                        .token();
        assertThat(send("GET", "/api/v1/retention", engineer).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/retention/apply", engineer).statusCode())
                .isEqualTo(403);
        HttpResponse<String> dry = send("GET", "/api/v1/retention", TestAccess.adminBearer(tokens));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode orders = dataset(JSON.readTree(dry.body()), "orders");
        assertThat(JSON.readTree(dry.body()).get("applied").asBoolean()).isFalse();
        assertThat(orders.get("raw_files").asLong()).isEqualTo(1);
        assertThat(orders.get("raw_bytes").asLong()).isEqualTo(Files.size(oldFile));
        assertThat(orders.get("fact_rows").asLong()).isEqualTo(30);
        assertThat(orders.get("facts_before").asString())
                .isEqualTo(today.minusDays(60).toString());
        assertThat(orders.get("quarantine_rows").asLong()).isEqualTo(1);
        assertThat(orders.get("feeds").asLong())
                .as("the old feed goes once its file, rows and quarantine are gone")
                .isEqualTo(1);
        assertThat(JSON.readTree(dry.body()).get("audit_log").get("view_days").asInt())
                .isEqualTo(180);
        // the business dates whose replay the pass makes impossible: their raw files go (before, only when they
        // were received was said, and a replay of them later said "succeeded" without the orders)
        assertThat(orders.get("unreplayable_from").asString()).isEqualTo("2020-01-05");
        assertThat(orders.get("unreplayable_to").asString()).isEqualTo("2020-01-05");
        assertThat(oldFile).exists();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM orders WHERE business_date = DATE '2020-01-05'"))
                .isEqualTo(30);

        // the CLI prints the same dry run
        String printed = cli("retention");
        assertThat(printed)
                .contains("Retention dry run " + today)
                .contains("orders: would remove 1 raw files (" + Files.size(oldFile) + " bytes) received before "
                        + today.minusDays(30) + ", 30 fact rows dated before " + today.minusDays(60)
                        + ", 1 quarantined rows")
                .contains("1 feed records")
                .contains("orders of business date 2020-01-05 can no longer be replayed once their raw files go");
        assertThat(oldFile).exists();

        // applied: exactly the old feed's data goes; the recent file and its rows stay
        HttpResponse<String> applied = send("POST", "/api/v1/retention/apply", TestAccess.adminBearer(tokens));
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode done = dataset(JSON.readTree(applied.body()), "orders");
        assertThat(done.get("raw_files").asLong()).isEqualTo(1);
        assertThat(done.get("fact_rows").asLong()).isEqualTo(30);
        assertThat(done.get("feeds").asLong()).isEqualTo(1);
        assertThat(oldFile).doesNotExist();
        assertThat(recentFile).exists();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM raw_manifest WHERE feed_id = ?", old.feedId()))
                .isZero();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM orders WHERE business_date = DATE '2020-01-05'"))
                .isZero();
        assertThat(Sql.count(
                        warehouse,
                        "SELECT count(*) FROM orders WHERE load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = ?)",
                        recent.feedId()))
                .isEqualTo(30);
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM quarantine WHERE feed_id = ?", old.feedId()))
                .isZero();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM feeds WHERE feed_id = ?", old.feedId()))
                .isZero();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM feed_issues WHERE feed_id = ?", old.feedId()))
                .isZero();
        assertThat(Sql.count(warehouse, "SELECT count(*) FROM feeds WHERE feed_id = ?", recent.feedId()))
                .isEqualTo(1);
        assertThat(
                        Sql.count(
                                warehouse,
                                "SELECT count(*) FROM audit_log WHERE action = 'retention' AND entity_type = 'datasets' "
                                        + "AND actor = 'token:test admin' AND actor_role = 'admin' AND record_count = 33 AND after_value LIKE '%orders%'"))
                .isEqualTo(1);
        assertThat(
                        Sql.count(
                                warehouse,
                                "SELECT count(*) FROM audit_log WHERE action = 'retention_dry_run' AND actor = 'token:test admin'"))
                .isEqualTo(1);

        // nothing is left to remove
        JsonNode again = dataset(
                JSON.readTree(send("GET", "/api/v1/retention", TestAccess.adminBearer(tokens))
                        .body()),
                "orders");
        assertThat(again.get("raw_files").asLong()
                        + again.get("fact_rows").asLong()
                        + again.get("quarantine_rows").asLong()
                        + again.get("feeds").asLong())
                .isZero();
    }

    @Test
    void theSchedulerAppliesRetentionOnTheConfiguredCron() {
        ScheduledTaskHolder scheduler = context.getBean(ScheduledTaskHolder.class);
        assertThat(scheduler.getScheduledTasks()).anySatisfy(t -> {
            assertThat(t.getTask()).isInstanceOf(CronTask.class);
            assertThat(((CronTask) t.getTask()).getExpression()).isEqualTo("0 45 4 * * *");
            // the scheduler wraps the method's runnable; its name is the method's
            assertThat(t.getTask().getRunnable().toString()).isEqualTo(RetentionService.class.getName() + ".daily");
        });
    }

    /** 30 order lines on one date (and one unreadable line when asked), ingested as a file through the real path. */
    FeedResult load(String name, LocalDate date, boolean oneBadLine) throws IOException {
        StringBuilder csv = new StringBuilder("order_id,ordered_at,customer_id,sku,quantity,unit_price\n");
        for (int i = 1; i <= 30; i++) {
            csv.append(name.hashCode() & 0xffff)
                    .append('-')
                    .append(i)
                    .append(',')
                    .append(date)
                    .append(" 10:00:00,C-")
                    .append(i)
                    .append(",SKU-")
                    .append(i % 5)
                    .append(",1,2.50\n");
        }
        if (oneBadLine) {
            csv.append("X-1,").append(date).append(" 11:00:00,C-9,SKU-1,lots,2.50\n");
        }
        Path file = Files.createTempDirectory(DATA_DIR, "in").resolve(name);
        Files.writeString(file, csv);
        FeedResult r = ingest.ingest(file, IngestRequest.of(name, "orders", null, "cli"));
        assertThat(r.recordsLoaded()).as("%s loads", name).isEqualTo(30);
        return r;
    }

    static JsonNode dataset(JsonNode report, String name) {
        for (JsonNode d : report.get("datasets")) {
            if (d.get("dataset").asString().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no " + name + " in " + report);
    }

    HttpResponse<String> send(String method, String path, String authorization) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", authorization)
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(StockroomCommand.commandLine(context).execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("stockroom-retention-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
