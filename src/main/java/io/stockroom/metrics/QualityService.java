package io.stockroom.metrics;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.export.CsvCells;
import io.stockroom.metrics.QualityViews.DatasetQuality;
import io.stockroom.metrics.QualityViews.LakeLag;
import io.stockroom.metrics.QualityViews.QualityReport;
import io.stockroom.metrics.QualityViews.QuarantinePage;
import io.stockroom.metrics.QualityViews.QuarantinedRow;
import io.stockroom.metrics.QualityViews.Reason;
import io.stockroom.metrics.QualityViews.ReasonCount;
import io.stockroom.metrics.QualityViews.ScorePoint;
import io.stockroom.metrics.QualityViews.StoreFreshness;
import io.stockroom.warehouse.LakeBacklog;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Data quality and freshness (from the quality marts) and the quarantine browser (rows of the quarantine table). */
@Service
public class QualityService {

    /** A CSV download stops here; narrow it with feed_id or reason for more. */
    static final int CSV_MAX_ROWS = 100_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The score per day: mart_quality_daily's rows loaded / (loaded + quarantined), times the share of expected feeds
     * that arrived as the last recorded check of the day says (feed_arrivals, read here rather than from the mart: the
     * SLA watch records the check of a day no run checked once its deadline has passed, and no run rebuilds the mart
     * until one happens). A day so checked with nothing loaded scores 0 when nothing arrived.
     */
    private static final String SCORE_TREND = """
            WITH e AS (
                SELECT business_date, COUNT(*) AS feeds_expected, SUM(not_arrived) AS feeds_not_arrived
                FROM (SELECT business_date, dataset, MAX(CASE WHEN status = 'arrived' THEN 0 ELSE 1 END) AS not_arrived
                      FROM feed_arrivals GROUP BY business_date, dataset) per_dataset
                GROUP BY business_date
            )
            SELECT COALESCE(q.business_date, e.business_date) AS business_date,
                   CAST(ROUND(CAST(COALESCE(1.0 * q.records_loaded / NULLIF(q.records_loaded + q.records_quarantined, 0),
                                            CASE WHEN e.feeds_expected > 0 THEN 1.0 END)
                                   * COALESCE(1.0 * (e.feeds_expected - e.feeds_not_arrived) / NULLIF(e.feeds_expected, 0), 1.0)
                                   AS DECIMAL(38,9)), 4) AS DECIMAL(6,4)) AS score,
                   COALESCE(e.feeds_expected, 0), COALESCE(e.feeds_not_arrived, 0)
            FROM mart_quality_daily q
            FULL OUTER JOIN e ON e.business_date = q.business_date
            WHERE COALESCE(q.business_date, e.business_date) <= ?
            ORDER BY 1""";

    private final Marts marts;
    private final LakeBacklog lake;
    private final MetricsProperties properties;
    private final MartsWaitingForTrino onTrino;

    QualityService(Marts marts, LakeBacklog lake, MetricsProperties properties, MartsWaitingForTrino onTrino) {
        this.marts = marts;
        this.lake = lake;
        this.properties = properties;
        this.onTrino = onTrino;
    }

    public QualityReport quality() {
        List<DatasetQuality> datasets = marts.query(
                """
                SELECT dataset, last_good_feed_id, last_good_at, last_business_date, missing_store_days
                FROM mart_dataset_freshness ORDER BY dataset""",
                List.of(),
                (r, i) -> new DatasetQuality(
                        r.getString(1),
                        r.getString(2),
                        io.stockroom.warehouse.Sql.instant(r, 3), // a feed's updated_at, a UTC date-time
                        Marts.date(r, 4),
                        (Long) r.getObject(5) == null ? null : r.getLong(5)));
        // Rows can be dated ahead (a shipment's promised day); a day that has not come yet has no score, and the
        // trend's latest point must be a day that happened.
        List<ScorePoint> trend = marts.query(
                SCORE_TREND,
                List.<Object>of(LocalDate.now(properties.zone())),
                (r, i) -> new ScorePoint(Marts.date(r, 1), r.getBigDecimal(2), r.getLong(3), r.getLong(4)));
        List<ReasonCount> reasons = marts.query(
                "SELECT code, COUNT(*) FROM mart_quarantine_reasons GROUP BY code ORDER BY 2 DESC, 1",
                List.of(),
                (r, i) -> new ReasonCount(r.getString(1), r.getLong(2)));
        List<StoreFreshness> freshness = marts.query(
                """
                SELECT dataset, store_id, last_business_date, days_stale FROM mart_store_freshness
                ORDER BY days_stale DESC, dataset, store_id""",
                List.of(),
                (r, i) -> new StoreFreshness(r.getString(1), r.getString(2), Marts.date(r, 3), r.getInt(4)));
        List<LakeLag> lakeNotYetUpdated = lake.behind().entrySet().stream()
                .map(e -> new LakeLag(e.getKey(), List.copyOf(e.getValue())))
                .toList();
        return new QualityReport(datasets, trend, reasons, freshness, lakeNotYetUpdated, onTrino.waiting());
    }

    /** Quarantined rows, newest feed first, optionally of one feed and/or with one reason code. */
    public QuarantinePage quarantine(String feedId, String reason, Integer limit, Integer offset) {
        int lim = Params.limit("limit", limit, 50, 500);
        int off = Params.offset(offset);
        Where where = quarantineWhere(feedId, reason);
        long total = marts.count("SELECT COUNT(*) FROM quarantine q" + where.sql(), where.params());
        List<Object> params = new ArrayList<>(where.params());
        params.add(lim);
        params.add(off);
        List<QuarantinedRow> items = marts.query(
                """
                SELECT q.feed_id, q.dataset, q.source_line, q.raw_values, q.reasons FROM quarantine q""" + where.sql() + " ORDER BY q.quarantined_at DESC, q.feed_id, q.source_line LIMIT ? OFFSET ?",
                params,
                (r, i) -> new QuarantinedRow(
                        r.getString(1),
                        r.getString(2),
                        (Long) r.getObject(3) == null ? null : r.getLong(3),
                        rawValues(r.getString(4)),
                        reasons(r.getString(5))));
        return new QuarantinePage(total, items);
    }

    /**
     * Writes the same rows as CSV: feed, dataset, line, reason codes and messages, then one column per raw field. Cells that
     * a spreadsheet would run as a formula are prefixed with a quote.
     */
    public void writeQuarantineCsv(String feedId, String reason, Writer out) {
        Where where = quarantineWhere(feedId, reason);
        List<Object> params = new ArrayList<>(where.params());
        params.add(CSV_MAX_ROWS);
        List<QuarantinedRow> rows = marts.query(
                """
                SELECT q.feed_id, q.dataset, q.source_line, q.raw_values, q.reasons FROM quarantine q""" + where.sql() + " ORDER BY q.quarantined_at DESC, q.feed_id, q.source_line LIMIT ?",
                params,
                (r, i) -> new QuarantinedRow(
                        r.getString(1),
                        r.getString(2),
                        (Long) r.getObject(3) == null ? null : r.getLong(3),
                        rawValues(r.getString(4)),
                        reasons(r.getString(5))));
        Set<String> fields = new LinkedHashSet<>();
        rows.forEach(row -> row.rawValues().propertyNames().forEach(fields::add));
        List<String> header =
                new ArrayList<>(List.of("feed_id", "dataset", "source_line", "reason_codes", "reason_messages"));
        header.addAll(fields);
        try {
            CSVPrinter csv = new CSVPrinter(
                    out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
            csv.printRecord(header.stream().map(CsvCells::safe).toList());
            for (QuarantinedRow row : rows) {
                List<String> cells = new ArrayList<>();
                cells.add(row.feedId());
                cells.add(row.dataset());
                cells.add(row.sourceLine() == null ? "" : row.sourceLine().toString());
                cells.add(String.join(
                        ";", row.reasons().stream().map(Reason::code).toList()));
                cells.add(String.join(
                        "; ", row.reasons().stream().map(Reason::message).toList()));
                for (String field : fields) {
                    JsonNode v = row.rawValues().get(field);
                    cells.add(v == null || v.isNull() ? "" : v.isValueNode() ? v.asString() : v.toString());
                }
                csv.printRecord(cells.stream().map(CsvCells::safe).toList());
            }
            csv.flush();
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.INTERNAL, "Could not write the quarantine CSV: " + e.getMessage(), e);
        }
    }

    private static Where quarantineWhere(String feedId, String reason) {
        Where where = new Where().eq("q.feed_id", Params.optional(feedId));
        String code = Params.optional(reason);
        if (code != null) {
            // reason codes come from the mart that unnests the JSON reasons (docs/models.md: mart_quarantine_reasons)
            where.condition(
                    "EXISTS (SELECT 1 FROM mart_quarantine_reasons m WHERE m.feed_id = q.feed_id "
                            + "AND m.source_line IS NOT DISTINCT FROM q.source_line AND m.code = ?)",
                    code.toUpperCase(java.util.Locale.ROOT));
        }
        return where;
    }

    private static JsonNode rawValues(String text) {
        if (text != null) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node != null && node.isObject()) {
                    return node;
                }
            } catch (JacksonException e) {
                // not JSON: the raw line as received
            }
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("raw_line", text);
        return line;
    }

    private static List<Reason> reasons(String text) {
        try {
            JsonNode node = JSON.readTree(text == null ? "[]" : text);
            List<Reason> out = new ArrayList<>();
            for (JsonNode r : node) {
                out.add(new Reason(str(r, "code"), str(r, "column"), str(r, "message")));
            }
            return out;
        } catch (JacksonException e) {
            return List.of(new Reason("UNREADABLE_REASONS", null, String.valueOf(text)));
        }
    }

    private static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
