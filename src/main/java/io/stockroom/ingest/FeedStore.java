package io.stockroom.ingest;

import io.stockroom.ErrorCode;
import io.stockroom.security.Actor;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The feeds table, the raw manifest and the audit log rows of ingestion. */
@Component
public class FeedStore {

    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private final Warehouse warehouse;

    public FeedStore(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** One row of the feeds table. */
    public record Feed(
            String feedId,
            String dataset,
            LocalDate businessDate,
            FeedStatus status,
            String source,
            String originalName,
            String sha256,
            String runId,
            String duplicateOf,
            Long recordsRead,
            Long recordsLoaded,
            Long recordsQuarantined,
            Long recordsReturns,
            Double qualityScore,
            FeedSummary summary,
            Instant createdAt,
            Instant updatedAt) {}

    void create(String feedId, IngestRequest request) {
        warehouse.withConnection(c -> {
            SqlParameterValue now = Sql.instant(Instant.now());
            Sql.on(c)
                    .sql(
                            "INSERT INTO feeds (feed_id, status, source, original_name, run_id, created_at, updated_at, sheet, "
                                    + "dataset, business_date, request_mapping, replay_of, date_order, load_mode, process_key) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .param(Sql.text(feedId))
                    .param(Sql.text(FeedStatus.PROCESSING.wire()))
                    .param(Sql.text(request.source()))
                    .param(Sql.text(request.originalName()))
                    .param(Sql.text(request.runId()))
                    .param(now)
                    .param(now)
                    .param(Sql.text(request.sheet()))
                    // what a restart needs to transform the feed again from its raw file (see Recovery)
                    .param(Sql.text(request.dataset()))
                    .param(date(request.businessDate()))
                    .param(Sql.text(request.mapping().isEmpty() ? null : JSON.writeValueAsString(request.mapping())))
                    .param(Sql.text(request.replayOf()))
                    // the sender's date order, so a replay or a resumed feed reads the dates as this load does
                    .param(Sql.text(
                            request.dateOrder() == null
                                    ? null
                                    : request.dateOrder().name()))
                    // declared complete: known now, so a feed resumed after a crash still replaces its slice (the load
                    // sets
                    // the final mode)
                    .param(Sql.text(request.complete() ? "replace_slice" : null))
                    // who works on it: a process starting beside this one leaves it alone (abandoned())
                    .param(warehouse.processKey())
                    .update();
            return null;
        });
    }

    void status(String feedId, FeedStatus status, String dataset, LocalDate businessDate, String sha256) {
        warehouse.withConnection(c -> {
            Sql.on(c)
                    .sql(
                            "UPDATE feeds SET status = ?, dataset = COALESCE(?, dataset), "
                                    + "business_date = COALESCE(?, business_date), sha256 = COALESCE(?, sha256), updated_at = ? WHERE feed_id = ?")
                    .param(Sql.text(status.wire()))
                    .param(Sql.text(dataset))
                    .param(date(businessDate))
                    .param(Sql.text(sha256))
                    .param(Sql.instant(Instant.now()))
                    .param(Sql.text(feedId))
                    .update();
            return null;
        });
    }

    /** Records the final state of a feed, its manifest row and its audit log row, in one transaction. */
    /** Records how a loaded feed's rows met the rows loaded before (in the load's transaction), for replay. */
    void loadMode(java.sql.Connection c, String feedId, io.stockroom.contract.LoadMode mode)
            throws java.sql.SQLException {
        Sql.on(c)
                .sql("UPDATE feeds SET load_mode = ? WHERE feed_id = ?")
                .param(Sql.text(mode.name().toLowerCase(java.util.Locale.ROOT)))
                .param(Sql.text(feedId))
                .update();
    }

    void finish(FeedResult result, FeedSummary summary, String originalName, Manifest manifest) {
        warehouse.inTransaction(c -> {
            finish(c, result, summary, originalName, manifest);
            return null;
        });
    }

    private static SqlParameterValue date(LocalDate d) {
        return new SqlParameterValue(Types.DATE, d == null ? null : Date.valueOf(d));
    }

    /** An ISO date as written in a feed summary (null when the feed had none). */
    private static SqlParameterValue date(String iso) {
        return new SqlParameterValue(Types.DATE, iso == null ? null : Date.valueOf(iso));
    }

    /**
     * The feed's rows per business date they are on ({loaded, quarantined}), when they are not all on the date the
     * feed is filed under (the quality score counts them there: feed_days, V184). A replay's or reload's feed writes its
     * own.
     */
    void days(java.sql.Connection c, String feedId, Map<LocalDate, long[]> rowsByDate) {
        if (rowsByDate.isEmpty()) {
            return;
        }
        List<Map.Entry<LocalDate, long[]>> days = List.copyOf(rowsByDate.entrySet());
        Sql.template(c)
                .batchUpdate(
                        "INSERT INTO feed_days (feed_id, business_date, records_loaded, records_quarantined)"
                                + " VALUES (?, ?, ?, ?)",
                        days,
                        days.size(),
                        (p, d) -> {
                            p.setString(1, feedId);
                            p.setDate(2, java.sql.Date.valueOf(d.getKey()));
                            p.setLong(3, d.getValue()[0]);
                            p.setLong(4, d.getValue()[1]);
                        });
    }

    void finish(java.sql.Connection c, FeedResult result, FeedSummary summary, String originalName, Manifest manifest)
            throws java.sql.SQLException {
        Sql.on(c)
                .sql("UPDATE feeds SET status = ?, dataset = ?, business_date = ?, duplicate_of = ?, "
                        + "records_read = ?, records_loaded = ?, records_quarantined = ?, records_returns = ?, quality_score = ?, min_date = ?, max_date = ?, "
                        + "summary = ?, updated_at = ?, sha256 = COALESCE(?, sha256) WHERE feed_id = ?")
                .param(Sql.text(result.status().wire()))
                .param(Sql.text(result.dataset()))
                .param(date(result.businessDate()))
                .param(Sql.text(result.duplicateOf()))
                .param(result.recordsRead())
                .param(result.recordsLoaded())
                .param(result.recordsQuarantined())
                .param(result.returns())
                .param(result.qualityScore())
                .param(date(summary.metrics().minDate()))
                .param(date(summary.metrics().maxDate()))
                .param(Sql.text(JSON.writeValueAsString(summary)))
                .param(Sql.instant(Instant.now()))
                .param(Sql.text(manifest == null ? null : manifest.sha256()))
                .param(Sql.text(result.feedId()))
                .update();
        if (result.status() == FeedStatus.TRANSFORMED) {
            // a replay takes the place of the feed it re-read (and of earlier replays of it): marts count each input
            // once
            Sql.on(c)
                    .sql(
                            "UPDATE feeds SET superseded_by = ? WHERE feed_id <> ? AND superseded_by IS NULL AND "
                                    + "(feed_id = (SELECT replay_of FROM feeds WHERE feed_id = ?) OR replay_of = (SELECT replay_of FROM feeds WHERE feed_id = ?))")
                    .param(Sql.text(result.feedId()))
                    .param(Sql.text(result.feedId()))
                    .param(Sql.text(result.feedId()))
                    .param(Sql.text(result.feedId()))
                    .update();
            // and a file loaded now takes the place of attempts at the same bytes that a crash interrupted, for the
            // dates it loaded: a header-only file has the same bytes on every empty day, so the copy of another day
            // must not hide an interrupted attempt (its date stays failed until its own file loads). An attempt that
            // never learnt its date is taken by a file whose rows carry their dates.
            if (manifest != null && manifest.sha256() != null) {
                Sql.on(c)
                        .sql("UPDATE feeds SET superseded_by = ? WHERE sha256 = ? AND status = 'failed' "
                                + "AND superseded_by IS NULL AND feed_id <> ? AND summary LIKE ? "
                                + "AND (business_date = ? OR business_date BETWEEN ? AND ? "
                                + "OR (business_date IS NULL AND ? > 0))")
                        .param(Sql.text(result.feedId()))
                        .param(Sql.text(manifest.sha256()))
                        .param(Sql.text(result.feedId()))
                        .param(Sql.text("%\"code\":\"" + ErrorCode.INTERRUPTED.name() + "\"%"))
                        .param(date(result.businessDate()))
                        .param(date(summary.metrics().minDate()))
                        .param(date(summary.metrics().maxDate()))
                        .param(result.recordsRead())
                        .update();
            }
        }
        if (manifest != null) {
            Sql.on(c)
                    .sql(
                            "INSERT INTO raw_manifest (feed_id, dataset, business_date, original_name, lake_path, sha256, "
                                    + "size_bytes, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id) DO NOTHING")
                    .param(Sql.text(result.feedId()))
                    .param(Sql.text(result.dataset() == null ? "_unknown" : result.dataset()))
                    .param(date(result.businessDate()))
                    .param(Sql.text(originalName))
                    .param(Sql.text(manifest.lakePath()))
                    .param(Sql.text(manifest.sha256()))
                    .param(manifest.size())
                    .param(Sql.text(manifest.source()))
                    .param(Sql.instant(manifest.receivedAt()))
                    .update();
        }
        AuditTrail.write(
                c,
                AuditTrail.Entry.pipeline(
                        "ingest",
                        "feed",
                        result.feedId(),
                        result.businessDate(),
                        originalName,
                        result.recordsRead(),
                        result.status().wire(),
                        summary.error() == null
                                ? null
                                : summary.error().code() + ": "
                                        + summary.error().message(),
                        null));
        if (!summary.issues().isEmpty()) {
            Sql.template(c)
                    .batchUpdate(
                            "INSERT INTO feed_issues (feed_id, severity, code, column_name, message, row_count) VALUES (?, ?, ?, ?, ?, ?)",
                            summary.issues(),
                            summary.issues().size(),
                            (p, i) -> {
                                p.setString(1, result.feedId());
                                p.setString(2, i.type());
                                p.setString(3, i.code());
                                p.setString(4, i.column());
                                p.setString(5, i.message());
                                p.setLong(6, i.rows());
                            });
        }
    }

    record Manifest(String lakePath, String sha256, long size, String source, Instant receivedAt) {}

    /** The feed that first loaded these exact bytes (and sheet, for a workbook) for this dataset, if any. */
    Optional<String> loadedWithSameBytes(String sha256, String dataset, String sheet) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT feed_id FROM feeds WHERE sha256 = ? AND dataset = ? AND status = 'transformed' "
                            + "AND duplicate_of IS NULL AND COALESCE(sheet, '') = ? ORDER BY created_at LIMIT 1")
                    .param(Sql.text(sha256))
                    .param(Sql.text(dataset))
                    .param(Sql.text(sheet == null ? "" : sheet))
                    .query((ResultSet r) -> {
                        return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                    });
        });
    }

    /**
     * As above, among the feeds loaded for {@code businessDate} only: a header-only file has the same bytes on every
     * empty day, so only the same day's copy is a repeat.
     */
    Optional<String> loadedWithSameBytes(String sha256, String dataset, String sheet, LocalDate businessDate) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT feed_id FROM feeds WHERE sha256 = ? AND dataset = ? AND status = 'transformed' "
                            + "AND duplicate_of IS NULL AND COALESCE(sheet, '') = ? AND business_date = ? "
                            + "ORDER BY created_at LIMIT 1")
                    .param(Sql.text(sha256))
                    .param(Sql.text(dataset))
                    .param(Sql.text(sheet == null ? "" : sheet))
                    .param(Sql.date(businessDate))
                    .query((ResultSet r) -> {
                        return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                    });
        });
    }

    public Optional<Feed> find(String feedId) {
        List<Feed> feeds = query("WHERE feed_id = ?", List.of(feedId), 1, 0);
        return feeds.isEmpty() ? Optional.empty() : Optional.of(feeds.get(0));
    }

    public List<Feed> list(String status, String dataset, int limit, int offset) {
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.add("status = ?");
            args.add(status);
        }
        if (dataset != null) {
            where.add("dataset = ?");
            args.add(dataset);
        }
        return query(where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where), args, limit, offset);
    }

    /** A quarantined row as stored: raw values and reasons are JSON text. */
    public record QuarantinedRow(String feedId, String dataset, Long sourceLine, String rawValues, String reasons) {}

    public List<QuarantinedRow> quarantine(String feedId, int limit) {
        return warehouse.withConnection(c -> {
            List<QuarantinedRow> rows = new ArrayList<>();
            Sql.on(c)
                    .sql("SELECT feed_id, dataset, source_line, raw_values, reasons FROM quarantine WHERE feed_id = ? "
                            + "ORDER BY source_line LIMIT ?")
                    .param(Sql.text(feedId))
                    .param(limit)
                    .query((ResultSet r) -> {
                        rows.add(new QuarantinedRow(
                                r.getString(1), r.getString(2), (Long) r.getObject(3), r.getString(4), r.getString(5)));
                    });
            return rows;
        });
    }

    /** The sheet a feed read from its workbook, or null. */
    String sheet(String feedId) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT sheet FROM feeds WHERE feed_id = ?")
                    .param(Sql.text(feedId))
                    .query((ResultSet r) -> Optional.ofNullable(r.next() ? r.getString(1) : null))
                    .orElse(null);
        });
    }

    /** A feed's row of the raw manifest: where its file is and the SHA-256 it had when received. */
    record ManifestEntry(String feedId, String lakePath, String sha256) {}

    Optional<ManifestEntry> manifest(String feedId) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT feed_id, lake_path, sha256 FROM raw_manifest WHERE feed_id = ?")
                    .param(Sql.text(feedId))
                    .query((ResultSet r) -> {
                        return r.next()
                                ? Optional.of(new ManifestEntry(r.getString(1), r.getString(2), r.getString(3)))
                                : Optional.<ManifestEntry>empty();
                    });
        });
    }

    List<ManifestEntry> manifest() {
        return warehouse.withConnection(c -> {
            List<ManifestEntry> out = new ArrayList<>();
            Sql.on(c)
                    .sql("SELECT feed_id, lake_path, sha256 FROM raw_manifest ORDER BY lake_path")
                    .query((ResultSet r) -> {
                        out.add(new ManifestEntry(r.getString(1), r.getString(2), r.getString(3)));
                    });
            return out;
        });
    }

    /** A feed that was not finished when the process stopped, with what is needed to transform it again. */
    record Unfinished(
            String feedId,
            FeedStatus status,
            String source,
            String runId,
            IngestRequest request,
            String sha256,
            Long processKey) {}

    /**
     * The feeds left {@code processing}, {@code queued} or {@code transforming} by a process that has stopped, each
     * taken over by this one (its process key recorded): a feed a live process is working on is not among them, and
     * of two processes starting at once only one gets a feed.
     */
    List<Unfinished> abandoned() {
        return unfinished().stream().filter(this::takeOver).toList();
    }

    private boolean takeOver(Unfinished f) {
        if (warehouse.isAlive(f.processKey())) {
            return false;
        }
        return warehouse.withConnection(c -> Sql.on(c)
                        .sql("UPDATE feeds SET process_key = ? WHERE feed_id = ? AND status = ? "
                                + "AND COALESCE(process_key, 0) = ?")
                        .param(warehouse.processKey())
                        .param(Sql.text(f.feedId()))
                        .param(Sql.text(f.status().wire()))
                        .param(f.processKey() == null ? 0L : f.processKey())
                        .update())
                == 1;
    }

    /** Whether a live process other than this one is receiving or transforming the feed. */
    boolean inHandsOfAnotherProcess(String feedId) {
        Long key = warehouse.withConnection(c -> Sql.on(c)
                .sql(
                        "SELECT process_key FROM feeds WHERE feed_id = ? AND status IN ('processing', 'queued', 'transforming')")
                .param(Sql.text(feedId))
                .query((r, i) -> {
                    long k = r.getLong(1);
                    return r.wasNull() ? null : k;
                })
                .optional()
                .orElse(null));
        return key != null && key != warehouse.processKey() && warehouse.isAlive(key);
    }

    private List<Unfinished> unfinished() {
        return warehouse.withConnection(c -> {
            List<Unfinished> out = new ArrayList<>();
            Sql.on(c)
                    .sql(
                            "SELECT feed_id, status, source, run_id, original_name, dataset, business_date, sheet, "
                                    + "request_mapping, replay_of, sha256, load_mode, date_order, process_key FROM feeds WHERE status IN ('processing', 'queued', 'transforming') ORDER BY created_at, feed_id")
                    .query((ResultSet r) -> {
                        Date bd = r.getDate(7);
                        String mapping = r.getString(9);
                        @SuppressWarnings("unchecked")
                        java.util.Map<String, String> m =
                                mapping == null ? java.util.Map.of() : JSON.readValue(mapping, java.util.Map.class);
                        IngestRequest request = new IngestRequest(
                                r.getString(5),
                                r.getString(6),
                                bd == null ? null : bd.toLocalDate(),
                                r.getString(3),
                                r.getString(4),
                                r.getString(8),
                                m,
                                r.getString(10),
                                "replace_slice".equals(r.getString(12)),
                                false,
                                r.getString(13) == null
                                        ? null
                                        : io.stockroom.quality.DateOrder.valueOf(r.getString(13)));
                        long key = r.getLong(14);
                        Long processKey = r.wasNull() ? null : key;
                        out.add(new Unfinished(
                                r.getString(1),
                                FeedStatus.valueOf(r.getString(2).toUpperCase()),
                                r.getString(3),
                                r.getString(4),
                                request,
                                r.getString(11),
                                processKey));
                    });
            return out;
        });
    }

    /** Adds the manifest row of a lake file whose feed finished without one (found when reconciling the lake). */
    void addManifest(String feedId, Manifest manifest) {
        warehouse.withConnection(c -> {
            Sql.on(c)
                    .sql("INSERT INTO raw_manifest (feed_id, dataset, business_date, original_name, lake_path, sha256, "
                            + "size_bytes, source, received_at) SELECT feed_id, COALESCE(dataset, '_unknown'), business_date, original_name, ?, ?, ?, ?, ? "
                            + "FROM feeds WHERE feed_id = ? ON CONFLICT (feed_id) DO NOTHING")
                    .param(Sql.text(manifest.lakePath()))
                    .param(Sql.text(manifest.sha256()))
                    .param(manifest.size())
                    .param(Sql.text(manifest.source()))
                    .param(Sql.instant(manifest.receivedAt()))
                    .param(Sql.text(feedId))
                    .update();
            return null;
        });
    }

    /** Points a feed's manifest row at where its file is (found when reconciling the lake). */
    void moveManifest(String feedId, String lakePath) {
        warehouse.withConnection(c -> {
            Sql.on(c)
                    .sql("UPDATE raw_manifest SET lake_path = ? WHERE feed_id = ?")
                    .param(Sql.text(lakePath))
                    .param(Sql.text(feedId))
                    .update();
            return null;
        });
    }

    /** Records a recovery finding in the audit log. */
    void audit(String action, String entityType, String entityId, String status, String message) {
        warehouse.withConnection(c -> {
            AuditTrail.write(
                    c,
                    Actor.SYSTEM.name(),
                    AuditTrail.Entry.pipeline(action, entityType, entityId, null, null, null, status, message, null));
            return null;
        });
    }

    /** The day/month order the sender gave for this feed's file, if any. */
    Optional<String> dateOrder(String feedId) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT date_order FROM feeds WHERE feed_id = ?")
                    .param(Sql.text(feedId))
                    .query((ResultSet r) -> {
                        return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
                    });
        });
    }

    private List<Feed> query(String where, List<?> args, int limit, int offset) {
        return warehouse.withConnection(c -> {
            List<Feed> out = new ArrayList<>();
            Sql.on(c)
                    .sql("SELECT feed_id, dataset, business_date, status, source, original_name, sha256, run_id, "
                            + "duplicate_of, records_read, records_loaded, records_quarantined, records_returns, quality_score, summary, created_at, updated_at "
                            + "FROM feeds " + where + " ORDER BY created_at DESC, feed_id LIMIT " + limit + " OFFSET "
                            + offset)
                    .params(args)
                    .query((ResultSet r) -> {
                        Date bd = r.getDate(3);
                        String summary = r.getString(15);
                        out.add(new Feed(
                                r.getString(1),
                                r.getString(2),
                                bd == null ? null : bd.toLocalDate(),
                                FeedStatus.valueOf(r.getString(4).toUpperCase()),
                                r.getString(5),
                                r.getString(6),
                                r.getString(7),
                                r.getString(8),
                                r.getString(9),
                                (Long) r.getObject(10),
                                (Long) r.getObject(11),
                                (Long) r.getObject(12),
                                (Long) r.getObject(13),
                                (Double) r.getObject(14),
                                summary == null ? null : JSON.readValue(summary, FeedSummary.class),
                                Sql.instant(r, 16),
                                Sql.instant(r, 17)));
                    });
            return out;
        });
    }
}
