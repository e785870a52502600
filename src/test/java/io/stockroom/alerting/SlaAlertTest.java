package io.stockroom.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.stockroom.StockroomException;
import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.DropFolder;
import io.stockroom.arrivals.ExpectedArrivals;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SLA: when a dataset's deadline (09:00 the next morning in the retailer's time zone) passes without its data, an
 * alert goes out by e-mail (to a real SMTP server, GreenMail) and to a webhook (a real local HTTP server), once.
 */
class SlaAlertTest {

    static final ZoneId LA = ZoneId.of("America/Los_Angeles");
    static final LocalDate D = LocalDate.of(2026, 3, 10);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;

    TestWarehouse w;
    ExpectedArrivals arrivals;
    HttpServer hook;
    final List<String> posted = new CopyOnWriteArrayList<>();
    final AtomicInteger hookStatus = new AtomicInteger(200);

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
        arrivals.setRule(new ExpectedArrivals.Rule("sales", null, "daily", true, null));
        arrivals.setRule(new ExpectedArrivals.Rule("inventory", null, "daily", true, null));
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                    + ex.getRequestHeaders().getFirst("Content-Type"));
            ex.sendResponseHeaders(hookStatus.get(), -1);
            ex.close();
        });
        hook.start();
    }

    @AfterEach
    void tearDown() {
        hook.stop(0);
        w.close();
    }

    @Test
    void anAlertGoesOutOnceByEmailAndWebhookWhenTheDeadlinePassesWithoutTheData() throws Exception {
        // inventory has a later deadline; nothing arrived for D at all
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of("inventory", LocalTime.of(11, 0)),
                1,
                new SlaProperties.Email(List.of("ops@example.com"), "stockroom@example.com"),
                "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");

        assertThat(watchAt(props, "2026-03-11T08:59").check())
                .as("before the deadline")
                .isEmpty();
        assertThat(smtp.getReceivedMessages()).isEmpty();

        List<SlaWatch.Alert> sent = watchAt(props, "2026-03-11T09:01").check();
        assertThat(sent)
                .extracting(a -> a.dataset() + "/" + a.channel() + "/" + a.status())
                .containsExactly("sales/email/sent", "sales/webhook/sent");
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(mail.getSubject())
                .isEqualTo("[Stockroom] sales for 2026-03-10 is not complete at its 09:00 deadline");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(((String) mail.getContent())).contains("sales missing").contains("stockroom run --date 2026-03-10");
        assertThat(posted).hasSize(1);
        var json = JsonMapper.builder()
                .build()
                .readTree(posted.get(0).substring(0, posted.get(0).lastIndexOf(' ')));
        assertThat(json.path("text").asString())
                .startsWith("[Stockroom] sales for 2026-03-10")
                .contains("sales missing");
        assertThat(posted.get(0)).endsWith("application/json");

        assertThat(watchAt(props, "2026-03-11T09:30").check())
                .as("once per dataset and date")
                .isEmpty();
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        assertThat(watchAt(props, "2026-03-11T11:00").check())
                .extracting(a -> a.dataset() + "/" + a.channel())
                .containsExactly("inventory/email", "inventory/webhook");
        assertThat(new SlaWatch(arrivals, w.warehouse, props, List.of(), Clock.systemUTC(), drop()).recent(10))
                .hasSize(4)
                .allMatch(a -> a.status().equals("sent"));
    }

    /**
     * No run happened for D and nothing arrived: once the last deadline (inventory, 11:00) has passed, the day is
     * recorded as checked with both feeds not arrived, so the Quality page's "expected feeds that did not arrive" lists
     * it and its score counts them, as for a day a run checked. Before the last deadline nothing is recorded.
     */
    @Test
    void aDayNoRunCheckedIsRecordedWithItsMissingFeedsOncePastItsDeadlines() {
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of("inventory", LocalTime.of(11, 0)),
                1,
                new SlaProperties.Email(List.of(), "x@y"),
                null);
        watchAt(props, "2026-03-11T09:30").check();
        assertThat(arrivals.gaps(D, D, null, null))
                .as("inventory's deadline has not passed")
                .isEmpty();

        watchAt(props, "2026-03-11T11:01").check();
        assertThat(arrivals.gaps(D, D, null, null))
                .extracting(ExpectedArrivals.Gap::describe)
                .containsExactly("inventory missing", "sales missing");
    }

    @Test
    void dataThatArrivedInTimeRaisesNothingAndAFailedDeliveryIsRecordedAndRetried() throws Exception {
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of(),
                1,
                new SlaProperties.Email(List.of(), "x@y"),
                "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        arrivals.removeRule("inventory", null, "daily");
        w.warehouse.withConnection(
                c -> c.createStatement()
                        .execute(
                                "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return) VALUES ('S1', 'A', DATE '2026-03-10', 'store', 1, 2, false)"));
        assertThat(watchAt(props, "2026-03-11T10:00").check())
                .as("D is complete")
                .isEmpty();

        hookStatus.set(500);
        List<SlaWatch.Alert> failed = watchAt(props, "2026-03-12T10:00").check(); // the 11th has no sales
        assertThat(failed).singleElement().satisfies(a -> {
            assertThat(a.businessDate()).isEqualTo(D.plusDays(1));
            assertThat(a.status()).isEqualTo("failed");
            assertThat(a.error()).contains("HTTP 500");
        });
        hookStatus.set(200);
        assertThat(watchAt(props, "2026-03-12T10:01").check())
                .extracting(SlaWatch.Alert::status)
                .containsExactly("sent");
        assertThat(posted).hasSize(2);
    }

    @Test
    void misconfiguredChannelsAreRefusedWithWhatToFix() {
        SlaProperties noMailServer = new SlaProperties(
                LocalTime.of(9, 0), Map.of(), 3, new SlaProperties.Email(List.of("ops@example.com"), "x@y"), null);
        assertThatThrownBy(() -> SlaWatch.channels(noMailServer, null))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("spring.mail.host");
        SlaProperties badUrl = new SlaProperties(
                LocalTime.of(9, 0), Map.of(), 3, new SlaProperties.Email(List.of(), "x@y"), "ftp://hooks");
        assertThatThrownBy(() -> SlaWatch.channels(badUrl, null))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining("http(s)");
        assertThat(SlaWatch.channels(
                        new SlaProperties(
                                LocalTime.of(9, 0), Map.of(), 3, new SlaProperties.Email(List.of(), "x@y"), null),
                        null))
                .extracting(AlertChannel::name)
                .containsExactly("log");
    }

    @Test
    void theDefaultsWorkWithNothingConfigured() {
        SlaProperties p = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                                Map.of("stockroom.sla.deadlines.sales", "07:30")))
                .bindOrCreate("stockroom.sla", SlaProperties.class);
        assertThat(p.deadline()).isEqualTo(LocalTime.of(9, 0));
        assertThat(p.deadlineOf("sales")).isEqualTo(LocalTime.of(7, 30));
        assertThat(p.deadlineOf("inventory")).isEqualTo(LocalTime.of(9, 0));
        assertThat(p.lookbackDays()).isEqualTo(3);
        assertThat(p.email().to()).isEmpty();
        assertThat(p.webhookUrl()).isNull();
    }

    /**
     * Restarted at 08:55, the server runs the missed morning run at once; at 09:00 it is still loading the files that
     * came on time. The check waits for that run rather than telling the sender to send files it is loading, and
     * alerts once the run has ended without them. A run left "running" by a process that has stopped does not hold it.
     */
    @Test
    void filesThatArrivedButNoRunLoadedAreNamedInsteadOfAskingTheSenderForThem() throws Exception {
        // the sender uploaded D's sales on time; no run was scheduled after the upload, so nothing loaded it
        Path day = Files.createDirectories(dir.resolve("drop").resolve(D.toString()));
        Files.writeString(day.resolve("sales_S1.csv"), "store_id,sku,business_date,units\nS1,A,2026-03-10,1\n");
        Files.writeString(
                Files.createDirectories(dir.resolve("drop").resolve("2026-03-09"))
                        .resolve("sales_old.csv"),
                "x\n");
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of(),
                1,
                new SlaProperties.Email(List.of("ops@example.com"), "stockroom@example.com"),
                null);

        List<SlaWatch.Alert> sent = watchAt(props, "2026-03-11T09:01").check();

        assertThat(sent).extracting(SlaWatch.Alert::dataset).contains("sales");
        MimeMessage mail = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().contains("sales for");
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat((String) mail.getContent())
                .contains("sales missing")
                .contains("1 file waits in the drop folder, not loaded by any run (2026-03-10/sales_S1.csv)")
                .contains("load them with 'stockroom run --date 2026-03-10'")
                .doesNotContain("sales_old.csv") // an earlier date's file is that date's business
                .doesNotContain("Send the missing files");
    }

    /** A date folder the scan does not read (2026-3-10, not 2026-03-10) may hold the very file the alert is about. */
    @Test
    void aDropFolderEntryNoRunReadsIsNamedInsteadOfAskingTheSenderForIt() throws Exception {
        Files.writeString(
                Files.createDirectories(dir.resolve("drop").resolve("2026-3-10"))
                        .resolve("sales.csv"),
                "store_id,sku,date,units_sold\nS1,A,2026-03-10,1\n");
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of(),
                1,
                new SlaProperties.Email(List.of("ops@example.com"), "stockroom@example.com"),
                null);

        watchAt(props, "2026-03-11T09:01").check();

        MimeMessage mail = java.util.Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getSubject().contains("sales for 2026-03-10");
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat((String) mail.getContent())
                .contains("the drop folder holds what no run reads (2026-3-10/ (not a YYYY-MM-DD date folder: rename"
                        + " it 2026-03-10")
                .doesNotContain("Send the missing files");
    }

    @Test
    void noAlertForADateWhileItsRunIsLoadingIt() {
        SlaProperties props =
                new SlaProperties(LocalTime.of(9, 0), Map.of(), 3, new SlaProperties.Email(List.of(), null), null);
        w.warehouse.inTransaction(c -> io.stockroom.warehouse.Sql.on(c)
                .sql("INSERT INTO runs (run_id, business_date, trigger, status, started_at, process_key) "
                        + "VALUES ('run-going', ?, 'schedule', 'running', TIMESTAMP '2026-03-11 16:56:00', ?)")
                .param(io.stockroom.warehouse.Sql.date(D))
                .param(w.warehouse.processKey())
                .update());
        assertThat(watchAt(props, "2026-03-11T09:01").check())
                .as("its run is loading it")
                .filteredOn(a -> a.businessDate().equals(D))
                .isEmpty();

        w.warehouse.inTransaction(c -> io.stockroom.warehouse.Sql.on(c)
                .sql("UPDATE runs SET status = 'incomplete' WHERE run_id = 'run-going'")
                .update());
        assertThat(watchAt(props, "2026-03-11T09:20").check())
                .filteredOn(a -> a.businessDate().equals(D))
                .extracting(SlaWatch.Alert::dataset)
                .containsExactlyInAnyOrder("inventory", "sales");
    }

    /**
     * The sales file of D came late: the 09:00 check alerted, the 09:20 run loaded it. At 09:30 the data engineer sees
     * the sales alert resolved (and when), not a stale alarm; inventory, still missing, stays open.
     */
    @Test
    void anAlertWhoseDataArrivedLateIsShownResolvedWithWhen() {
        SlaProperties props =
                new SlaProperties(LocalTime.of(9, 0), Map.of(), 1, new SlaProperties.Email(List.of(), null), null);
        assertThat(watchAt(props, "2026-03-11T09:01").check())
                .extracting(SlaWatch.Alert::dataset)
                .containsExactlyInAnyOrder("inventory", "sales");

        w.warehouse.withConnection(
                c -> c.createStatement()
                        .execute(
                                "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return) VALUES ('S1', 'A', DATE '2026-03-10', 'store', 1, 2, false)"));
        assertThat(watchAt(props, "2026-03-11T09:21").check())
                .as("nothing new to send")
                .isEmpty();

        List<SlaWatch.Alert> listed = watchAt(props, "2026-03-11T09:30").recent(10);
        assertThat(listed)
                .filteredOn(a -> a.dataset().equals("sales"))
                .singleElement()
                .satisfies(a -> assertThat(a.resolvedAt())
                        .isEqualTo(java.time.LocalDateTime.parse("2026-03-11T09:21")
                                .atZone(LA)
                                .toInstant()));
        assertThat(listed)
                .filteredOn(a -> a.dataset().equals("inventory"))
                .singleElement()
                .satisfies(a -> assertThat(a.resolvedAt()).isNull());

        // inventory came too, but the sales alert keeps the time it was resolved
        w.warehouse.withConnection(
                c -> c.createStatement()
                        .execute(
                                "INSERT INTO inventory (store_id, sku, business_date, on_hand) VALUES ('S1', 'A', DATE '2026-03-10', 3)"));
        watchAt(props, "2026-03-11T10:05").check();
        assertThat(watchAt(props, "2026-03-11T10:06").recent(10))
                .extracting(a -> a.dataset() + " " + a.resolvedAt().atZone(LA).toLocalTime())
                .containsExactlyInAnyOrder("sales 09:21", "inventory 10:05");
    }

    /**
     * Ops were e-mailed and the team's channel posted "sales missing" at 09:01; the late file was loaded at 09:20. Both
     * are told it is over, once. Before, the alert was only marked resolved on the Quality page: those who were told of
     * the breach kept chasing the store.
     */
    @Test
    void whoWasToldOfTheBreachIsToldItIsResolvedOnce() throws Exception {
        SlaProperties props = new SlaProperties(
                LocalTime.of(9, 0),
                Map.of("inventory", LocalTime.of(11, 0)),
                1,
                new SlaProperties.Email(List.of("ops@example.com"), "stockroom@example.com"),
                "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
        assertThat(watchAt(props, "2026-03-11T09:01").check()).hasSize(2);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(posted).hasSize(1);

        w.warehouse.withConnection(
                c -> c.createStatement()
                        .execute(
                                "INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return) VALUES ('S1', 'A', DATE '2026-03-10', 'store', 1, 2, false)"));
        hookStatus.set(500); // the webhook is down at the first try: retried at the next check
        watchAt(props, "2026-03-11T09:21").check();

        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[1].getSubject())
                .isEqualTo("[Stockroom] resolved: sales for 2026-03-10 is complete");
        assertThat(((String) smtp.getReceivedMessages()[1].getContent())).contains("complete since 2026-03-11T09:21");
        assertThat(posted).hasSize(2);

        hookStatus.set(200);
        watchAt(props, "2026-03-11T09:22").check();
        watchAt(props, "2026-03-11T09:23").check();
        assertThat(posted).hasSize(3);
        assertThat(posted.get(2)).contains("resolved: sales for 2026-03-10 is complete");
        assertThat(smtp.getReceivedMessages()).as("once per alert and channel").hasSize(2);
    }

    private SlaWatch watchAt(SlaProperties props, String localDateTime) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(smtp.getSmtp().getPort());
        Clock clock = Clock.fixed(
                java.time.LocalDateTime.parse(localDateTime).atZone(LA).toInstant(), LA);
        return new SlaWatch(arrivals, w.warehouse, props, SlaWatch.channels(props, mail), clock, drop());
    }

    private DropFolder drop() {
        return new DropFolder(dir.resolve("drop"), w.warehouse, java.time.Duration.ofMillis(500));
    }
}
