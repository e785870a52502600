package io.stockroom.cli;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.FeedStore;
import io.stockroom.ingest.FeedSummary;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.ValidationReport;
import io.stockroom.quality.Quarantine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read commands' way to a running server that owns the embedded warehouse: its REST API, authenticated with the
 * token the server left for the CLI in the data directory ({@link LocalServer}).
 */
final class ServerApi implements FeedSource, RunSource, ValidateCommand.Validation {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    /** The server is on this machine: a generous bound that still ends a hung call. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final LocalServer server;
    private final String bearer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServerApi(LocalServer server, String token) {
        this.server = server;
        this.bearer = "Bearer " + token;
    }

    @Override
    public List<FeedStore.Feed> list(String status, String dataset, int limit) {
        StringBuilder q = new StringBuilder("/api/v1/feeds?limit=" + Math.max(1, Math.min(limit, 500)));
        if (status != null) {
            q.append("&status=").append(URLEncoder.encode(status, StandardCharsets.UTF_8));
        }
        if (dataset != null) {
            q.append("&dataset=").append(URLEncoder.encode(dataset, StandardCharsets.UTF_8));
        }
        List<FeedStore.Feed> feeds = new ArrayList<>();
        for (JsonNode f : get(q.toString()).orElseThrow()) {
            feeds.add(feed(f));
        }
        return feeds;
    }

    @Override
    public List<io.stockroom.pipeline.RunStore.Run> list(LocalDate date, int limit) {
        String q = "/api/v1/runs?limit=" + Math.max(1, Math.min(limit, 500)) + (date == null ? "" : "&date=" + date);
        List<io.stockroom.pipeline.RunStore.Run> runs = new ArrayList<>();
        for (JsonNode r : get(q).orElseThrow()) {
            List<io.stockroom.pipeline.RunStore.Stage> stages = new ArrayList<>();
            if (r.hasNonNull("stages")) {
                for (JsonNode s : r.get("stages")) {
                    stages.add(new io.stockroom.pipeline.RunStore.Stage(
                            text(s, "name"),
                            text(s, "status"),
                            number(s, "rows"),
                            s.hasNonNull("duration_ms") ? s.get("duration_ms").asLong() : 0,
                            text(s, "error"),
                            text(s, "detail")));
                }
            }
            runs.add(new io.stockroom.pipeline.RunStore.Run(
                    text(r, "run_id"),
                    date(text(r, "business_date")),
                    text(r, "trigger"),
                    text(r, "status"),
                    instant(text(r, "started_at")),
                    instant(text(r, "finished_at")),
                    text(r, "error"),
                    r.hasNonNull("summary") ? r.get("summary").toString() : null,
                    stages));
        }
        return runs;
    }

    @Override
    public Optional<FeedStore.Feed> find(String feedId) {
        return get("/api/v1/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8))
                .map(ServerApi::feed);
    }

    @Override
    public List<FeedStore.QuarantinedRow> quarantine(String feedId, int limit) {
        JsonNode f = get("/api/v1/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8))
                .orElse(null);
        List<FeedStore.QuarantinedRow> rows = new ArrayList<>();
        if (f != null && f.has("quarantine_sample")) {
            for (JsonNode r : f.get("quarantine_sample")) {
                if (rows.size() < limit) {
                    rows.add(new FeedStore.QuarantinedRow(
                            feedId,
                            text(f, "dataset"),
                            r.has("source_line") ? r.get("source_line").asLong() : null,
                            String.valueOf(r.get("raw_values")),
                            String.valueOf(r.get("reasons"))));
                }
            }
        }
        return rows;
    }

    /** The upload preview of the server: the same checks ingest runs, against the warehouse the server holds. */
    @Override
    public ValidationReport validate(Path file, IngestRequest request) {
        String boundary = "stockroom-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            if (request.dataset() != null) {
                part(body, boundary, "dataset", request.dataset());
            }
            if (request.dateOrder() != null) {
                part(body, boundary, "date_order", request.dateOrder().name());
            }
            if (request.businessDate() != null) { // checked as ingest --date would file it
                part(body, boundary, "business_date", request.businessDate().toString());
            }
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                            + request.originalName().replace("\"", "_")
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(file));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StockroomException(ErrorCode.BAD_PARAMETER, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode v = send(HttpRequest.newBuilder(uri("/api/v1/feeds/preview"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())))
                .orElseThrow();
        Map<String, String> columnToHeader = new LinkedHashMap<>();
        for (JsonNode m : v.path("mapping")) {
            if (m.hasNonNull("column")) {
                columnToHeader.put(m.get("column").asString(), m.get("header").asString());
            }
        }
        long read = v.path("records_read").asLong();
        long errors = v.path("row_errors").asLong();
        List<Quarantine.Row> sample = new ArrayList<>();
        for (JsonNode row : v.path("rows")) {
            List<String> reasons = new ArrayList<>();
            for (JsonNode flag : row.path("flags")) {
                if ("error".equals(flag.path("severity").asString())) {
                    reasons.add(flag.path("code").asString());
                }
            }
            if (!reasons.isEmpty()) {
                sample.add(new Quarantine.Row(
                        row.path("line").asLong(),
                        JSON.writeValueAsString(row.path("values")),
                        JSON.writeValueAsString(reasons)));
            }
        }
        String delimiter = text(v, "delimiter");
        return new ValidationReport(
                text(v, "file_name"),
                text(v, "dataset"),
                text(v, "format"),
                text(v, "encoding"),
                delimiter == null || delimiter.isEmpty() ? ',' : delimiter.charAt(0),
                columnToHeader,
                strings(v.path("unmapped_headers")),
                strings(v.path("missing_required")),
                read,
                read - errors,
                errors,
                v.path("warnings").asLong(),
                v.path("quality_score").asDouble(),
                read == 0 ? 1 : (double) errors / read,
                v.path("would_fail").asBoolean(),
                text(v, "failure"),
                JSON.convertValue(
                        v.path("issues"),
                        JSON.getTypeFactory().constructCollectionType(List.class, FeedSummary.Issue.class)),
                sample);
    }

    String url() {
        return server.url();
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String value)
            throws IOException {
        body.write(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private Optional<JsonNode> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    /** The answer's JSON; empty for a 404; any other failure is an error that names the server and what it said. */
    private Optional<JsonNode> send(HttpRequest.Builder request) {
        HttpResponse<String> res;
        try {
            res = http.send(
                    request.header("Authorization", bearer)
                            .header("Accept", "application/json")
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_LOCKED,
                    "The server at " + server.url() + " (pid " + server.pid()
                            + ") owns the warehouse but did not answer (" + e.getMessage()
                            + "). Wait until it is up, or stop it and try again.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR, "Interrupted while asking the server at " + server.url(), e);
        }
        if (res.statusCode() == 404) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (RuntimeException e) {
            body = null;
        }
        if (res.statusCode() >= 300 || body == null) {
            String detail = body != null && body.hasNonNull("detail")
                    ? body.get("detail").asString()
                    : res.body();
            ErrorCode code = res.statusCode() == 400 ? ErrorCode.BAD_PARAMETER : ErrorCode.WAREHOUSE_ERROR;
            ErrorCode said = body == null ? null : knownCode(text(body, "code"));
            if (said != null && ValidationReport.refusesTheFile(said)) {
                // the file's own refusal (validate: it would fail, exit 1 as ingest's), said as this process says it
                throw new StockroomException(said, detail);
            }
            throw new StockroomException(
                    code, "The server at " + server.url() + " answered " + res.statusCode() + ": " + detail);
        }
        return Optional.of(body);
    }

    private static ErrorCode knownCode(String name) {
        if (name == null) {
            return null;
        }
        try {
            return ErrorCode.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null; // a newer server's code
        }
    }

    private static FeedStore.Feed feed(JsonNode f) {
        String status = text(f, "status");
        return new FeedStore.Feed(
                text(f, "feed_id"),
                text(f, "dataset"),
                date(text(f, "business_date")),
                status == null ? null : FeedStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                text(f, "source"),
                text(f, "original_name"),
                text(f, "sha256"),
                text(f, "run_id"),
                text(f, "duplicate_of"),
                number(f, "records_read"),
                number(f, "records_loaded"),
                number(f, "records_quarantined"),
                number(f, "returns"),
                f.hasNonNull("quality_score") ? f.get("quality_score").asDouble() : null,
                f.hasNonNull("summary") ? JSON.treeToValue(f.get("summary"), FeedSummary.class) : null,
                instant(text(f, "created_at")),
                instant(text(f, "updated_at")));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asString() : null;
    }

    private static Long number(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asLong() : null;
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
