package io.stockroom.warehouse;

import static java.util.Objects.requireNonNull;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Trino engine's lake (docs/scale.md): the warehouse's fact tables as Apache Iceberg tables (Parquet, partitioned
 * by business date, sorted by store) in an Iceberg JDBC catalog kept in the PostgreSQL warehouse, written and read
 * through a Trino coordinator; master data and marts stay in PostgreSQL, which Trino reads through its postgresql
 * catalog, so a model that joins both is one cross-catalog statement. Where the files live (a directory, HDFS, S3) is
 * the Iceberg catalog's warehouse location, configured in Trino: no code here knows.
 *
 * <p>A slice (one business date of a fact table) is replaced by one {@code MERGE}: one Iceberg commit that deletes the
 * date's old rows and inserts its new ones, so readers see the old slice or the new one, and a failed statement
 * commits no snapshot. Each commit is recorded in {@code lake_commits} with the feeds its rows came from.
 */
public final class Lake {

    /** The column every fact table is partitioned by. */
    public static final String DATE_COLUMN = "business_date";

    /** The bounds a model's {@code :from_date} and {@code :to_date} take when it is computed for every date. */
    private static final LocalDate EVERY_DATE_FROM = LocalDate.of(1900, 1, 1);

    private static final LocalDate EVERY_DATE_TO = LocalDate.of(2999, 12, 31);

    /** Rows per batch (and per commit) when Trino writes a scratch table into the warehouse. */
    static final int WRITE_BATCH_ROWS = 10_000;

    private final Warehouse warehouse;
    private final TrinoSettings settings;
    private final String warehouseSchema;
    private final LakeBacklog backlog;
    private volatile boolean prepared;
    private volatile Set<String> tables;

    public Lake(Warehouse warehouse, TrinoSettings settings, String warehouseSchema) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.warehouseSchema = requireNonNull(warehouseSchema, "warehouseSchema is null");
        this.backlog = new LakeBacklog(warehouse);
        if (!settings.configured()) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "The Trino engine needs stockroom.trino.url (jdbc:trino://HOST:8080); see docs/scale.md.");
        }
        if (!(warehouse.dialect() instanceof PostgresDialect)) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "The Trino engine keeps its Iceberg catalog, master data and marts in a PostgreSQL "
                            + "warehouse, but this warehouse runs on "
                            + warehouse.dialect().name() + ". Set stockroom.warehouse.url=jdbc:postgresql://... "
                            + "(docs/scale.md).");
        }
        if (!warehouseSchema.matches("[a-z_][a-z0-9_]*")) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Trino reads the warehouse schema '" + warehouseSchema
                            + "' in lower case only: rename it to lower-case letters, digits and underscores.");
        }
    }

    /**
     * Creates what the lake needs and Trino does not create itself: the Iceberg JDBC catalog's tables in the warehouse
     * database (when Trino's iceberg catalog points at it, as docs/scale.md sets it up), and the lake's namespace.
     */
    public synchronized void prepare() {
        warehouse.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : SqlScripts.split(SqlScripts.resource("/warehouse/trino/iceberg-catalog.sql")
                        .replace("${schema}", settings.icebergCatalogSchema()))) {
                    s.execute(sql);
                }
            }
            return null;
        });
        onTrino(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + settings.icebergCatalog() + "." + settings.lakeSchema());
            }
            return null;
        });
        prepared = true;
    }

    /** The name Trino reads a lake (Iceberg) table by. */
    public String lakeTable(String table) {
        return settings.icebergCatalog() + "." + settings.lakeSchema() + "." + checked(table);
    }

    /** The name Trino reads a warehouse (PostgreSQL) table or view by. */
    public String warehouseTable(String table) {
        return settings.postgresCatalog() + "." + warehouseSchema + "." + checked(table);
    }

    /** True when the lake has this table. */
    public boolean holds(String table) {
        return onTrino(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM " + settings.icebergCatalog()
                    + ".information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
                p.setString(1, settings.lakeSchema());
                p.setString(2, table);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getLong(1) > 0;
                }
            }
        });
    }

    /**
     * Replaces the lake's slice of {@code table} for {@code date} with the warehouse's rows of that date, in one
     * Iceberg commit, and records it. The lake table is created (partitioned by business date) on first use.
     */
    public LakeCommit replaceSlice(String table, LocalDate date) {
        List<LakeCommit> commits = replaceSlices(table, date, date);
        return commits.isEmpty()
                ? new LakeCommit(table, date, snapshots(table).getLast(), 0, List.of())
                : commits.getFirst();
    }

    /**
     * Replaces the dates {@code from..to} of the lake's {@code table} with the warehouse's rows of those dates in one
     * Iceberg commit (a backfill or replay is one snapshot too), and records the commit for each date it holds rows of.
     */
    public synchronized List<LakeCommit> replaceSlices(String table, LocalDate from, LocalDate to) {
        // the dates the lake is behind on go into the same commit: a publish leaves nothing loaded before it began
        // out of the lake (LakeBacklog), and a date outside from..to is added to the commit, not the range between.
        // The commit is recorded as of now, before the backlog is read: a feed that loads from here on is listed after
        Instant started = Instant.now();
        SortedSet<LocalDate> extra = new TreeSet<>(backlog.behind(table));
        extra.removeIf(d -> !d.isBefore(from) && !d.isAfter(to));
        return replaceSlices(
                table,
                from,
                to,
                extra,
                "SELECT * FROM " + published(table, warehouseColumns(table)) + " p WHERE "
                        + dateCondition("", from, to, extra),
                started);
    }

    /**
     * Publishes every date {@link LakeBacklog#behind()} lists (an upload that loaded while Trino was down, say), one
     * commit per table; returns the dates published.
     */
    public synchronized SortedSet<LocalDate> catchUp() {
        SortedSet<LocalDate> published = new TreeSet<>();
        backlog.behind().forEach((table, dates) -> {
            replaceSlices(table, dates.first(), dates.first());
            published.addAll(dates);
        });
        return published;
    }

    /**
     * Rewrites the lake's {@code dates} of {@code table} from the warehouse (one commit), then expires every older
     * snapshot of the table, whose files Iceberg deletes: after a customer's erasure (CustomerPrivacy) neither the
     * table nor its history holds the id. Time travel to before now is gone for that table; {@code lake_commits} keeps
     * its record of what each commit held. Nothing to do when the lake does not hold the table.
     */
    public synchronized void rewriteHistory(String table, SortedSet<LocalDate> dates) {
        if (dates.isEmpty() || !holds(table)) {
            return;
        }
        replaceSlices(table, dates.first(), dates.last());
        expireOlderSnapshots(table);
    }

    /**
     * The retention of fact rows on the lake (RetentionService): deletes the rows of {@code table} dated before
     * {@code before} in one commit and expires the older snapshots, whose files Iceberg deletes, so the rows are gone
     * from the lake's history too. Returns the rows deleted; 0 when the lake does not hold the table.
     */
    public synchronized long removeBefore(String table, LocalDate before) {
        if (!holds(table)) {
            return 0;
        }
        long rows = onTrino(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeLargeUpdate(
                        "DELETE FROM " + lakeTable(table) + " WHERE " + DATE_COLUMN + " < " + dateLiteral(before));
            }
        });
        // with none left to delete, the history may still hold them: an earlier pass's delete committed and its expiry
        // did not (Trino stopped between the two statements), which the table alone no longer shows
        if (rows > 0 || deletedRowsStillInHistory(table)) {
            expireOlderSnapshots(table);
        }
        return rows;
    }

    /**
     * Whether a snapshot that deleted rows still has its parent, the snapshot that holds them: after a delete that was
     * expired (every pass of {@link #removeBefore}, an erasure) the parent is gone. A publish that only removed a slice
     * is a delete too; expiring after it costs the table's time travel, not a row.
     */
    private boolean deletedRowsStillInHistory(String table) {
        String snapshots =
                settings.icebergCatalog() + "." + settings.lakeSchema() + ".\"" + checked(table) + "$snapshots\"";
        return onTrino(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT 1 FROM " + snapshots + " d JOIN " + snapshots
                            + " p ON p.snapshot_id = d.parent_id WHERE d.operation = 'delete' LIMIT 1")) {
                return r.next();
            }
        });
    }

    /** The rows of {@code table} dated before {@code before} ({@link #removeBefore}'s dry run); 0 without the table. */
    public long countBefore(String table, LocalDate before) {
        if (!holds(table)) {
            return 0;
        }
        return onTrino(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + lakeTable(table) + " WHERE " + DATE_COLUMN
                            + " < " + dateLiteral(before))) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Expires every snapshot of {@code table} but the current one; Iceberg deletes the files only they held. */
    private void expireOlderSnapshots(String table) {
        onTrino(c -> {
            try (Statement s = c.createStatement()) {
                // the catalog's minimum retention (7 days unless configured) is for routine clean-ups: an erasure or
                // a retention pass sets its own for this statement's session
                s.execute("SET SESSION " + settings.icebergCatalog() + ".expire_snapshots_min_retention = '0s'");
                s.execute("ALTER TABLE " + lakeTable(table) + " EXECUTE expire_snapshots(retention_threshold => '0s')");
            }
            return null;
        });
    }

    /** The backlog this lake's publishes clear. */
    public LakeBacklog backlog() {
        return backlog;
    }

    /** {@link #replaceSlices} from any Trino query with the table's columns (tests: one that fails midway). */
    List<LakeCommit> replaceSlices(String table, LocalDate from, LocalDate to, String source) {
        return replaceSlices(table, from, to, new TreeSet<>(), source, Instant.now());
    }

    private synchronized List<LakeCommit> replaceSlices(
            String table, LocalDate from, LocalDate to, SortedSet<LocalDate> extra, String source, Instant started) {
        String merge = mergeStatement(table, from, to, extra, source);
        String dates = dateCondition("", from, to, extra);
        return onTrino(c -> {
            java.util.concurrent.atomic.AtomicReference<String> queryId =
                    new java.util.concurrent.atomic.AtomicReference<>();
            try (Statement s = c.createStatement()) {
                if (s.isWrapperFor(io.trino.jdbc.TrinoStatement.class)) {
                    s.unwrap(io.trino.jdbc.TrinoStatement.class)
                            .setProgressMonitor(stats -> queryId.set(stats.getQueryId()));
                }
                s.executeUpdate(merge);
            } catch (SQLException e) {
                throw new StockroomException(
                        ErrorCode.WAREHOUSE_ERROR,
                        "Replacing " + from + (from.equals(to) ? "" : ".." + to)
                                + (extra.isEmpty() ? "" : " and " + extra)
                                + " of the lake table "
                                + table + " failed: " + e.getMessage()
                                + ". Nothing was committed: the lake still holds the previous rows. "
                                + "Fix the cause and publish the dates again.",
                        e);
            }
            // the snapshot this statement committed: Trino writes its query id into the snapshot summary, so a publish
            // of
            // other dates committing in between is never mistaken for this one
            long snapshot;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT snapshot_id FROM " + settings.icebergCatalog() + "." + settings.lakeSchema() + ".\"" + table
                            + "$snapshots\" ORDER BY (element_at(summary, 'trino_query_id') = ?) DESC NULLS LAST, committed_at DESC LIMIT 1")) {
                p.setString(1, String.valueOf(queryId.get()));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    snapshot = r.getLong(1);
                }
            }
            Map<LocalDate, Map<String, Long>> feeds = new TreeMap<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT " + DATE_COLUMN + ", feed_id, COUNT(*) FROM "
                            + lakeTable(table) + " FOR VERSION AS OF " + snapshot + " WHERE " + dates + " GROUP BY "
                            + DATE_COLUMN + ", feed_id")) {
                while (r.next()) {
                    feeds.computeIfAbsent(r.getDate(1).toLocalDate(), d -> new TreeMap<>())
                            .put(r.getString(2), r.getLong(3));
                }
            }
            List<LakeCommit> commits = new ArrayList<>();
            if (feeds.isEmpty() && from.equals(to)) {
                commits.add(new LakeCommit(table, from, snapshot, 0, List.of()));
            }
            feeds.forEach((date, byFeed) -> commits.add(new LakeCommit(
                    table,
                    date,
                    snapshot,
                    byFeed.values().stream().mapToLong(Long::longValue).sum(),
                    List.copyOf(byFeed.keySet()))));
            record(commits, started);
            return commits;
        });
    }

    /**
     * One {@code MERGE} that replaces the dates of a lake table with {@code source}'s rows ({@link #sliceMerge}). Every
     * date of the range gets a 'drop' row (one that holds no rows matches nothing), so no read of the table before the
     * statement decides which old rows go; a range of more than ten years lists the dates the table holds instead.
     */
    String mergeStatement(String table, LocalDate from, LocalDate to, SortedSet<LocalDate> extra, String source) {
        List<Column> columns = ensureTable(table);
        SortedSet<LocalDate> dates = new TreeSet<>(extra);
        if (ChronoUnit.DAYS.between(from, to) <= 3_660) {
            from.datesUntil(to.plusDays(1)).forEach(dates::add);
        } else {
            dates.addAll(slicesHeld(table, from, to));
        }
        return sliceMerge(table, columns, source, dates, dateCondition("t.", from, to, extra));
    }

    /**
     * A {@code MERGE} that swaps slices of a lake table: {@code source}'s rows are inserted, and the old rows of
     * {@code dates} deleted. The old rows are matched by date, an equi-join (each matches the one 'drop' row of its
     * date; the new rows have no drop date and match none), and {@code oldRows} limits the table's scan to the slices'
     * partitions: matched on a date range instead, Trino runs a nested-loop join of old rows × new rows (100M × 100M
     * for a re-sent 5,000-store inventory day); the condition on the table's side lets Trino prune its scan. Trino
     * commits a MERGE as one Iceberg snapshot, so the swap is atomic, and a failure commits nothing.
     */
    private String sliceMerge(
            String table, List<Column> columns, String source, SortedSet<LocalDate> dates, String oldRows) {
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        StringBuilder drops = new StringBuilder();
        for (LocalDate d : dates) {
            drops.append("  UNION ALL SELECT 'drop', ").append(dateLiteral(d));
            for (Column col : columns) {
                drops.append(", CAST(NULL AS ").append(col.type()).append(')');
            }
            drops.append('\n');
        }
        return "MERGE INTO " + lakeTable(table) + " t USING (\n"
                + "  SELECT 'put' AS sr_op, CAST(NULL AS DATE) AS sr_drop_date, " + names + " FROM (" + source
                + ") new_rows\n"
                + drops + ") s (sr_op, sr_drop_date, " + names + ")\n"
                + "ON t." + DATE_COLUMN + " = s.sr_drop_date AND " + oldRows + "\n"
                + "WHEN MATCHED THEN DELETE\n"
                + "WHEN NOT MATCHED AND s.sr_op = 'put' THEN INSERT (" + names + ") VALUES ("
                + String.join(
                        ", ", columns.stream().map(col -> "s." + col.name()).toList()) + ")";
    }

    /** The commits recorded for a table's date, oldest first. */
    public List<LakeCommit> commits(String table, LocalDate date) {
        return warehouse.withConnection(c -> {
            return Sql.on(c)
                    .sql("SELECT snapshot_id, row_count, feed_ids FROM lake_commits "
                            + "WHERE table_name = ? AND business_date = ? ORDER BY committed_at, snapshot_id")
                    .param(Sql.text(table))
                    .param(Sql.date(date))
                    .query((r, i) -> {
                        String feeds = r.getString(3);
                        return new LakeCommit(
                                table,
                                date,
                                r.getLong(1),
                                r.getLong(2),
                                feeds.isEmpty() ? List.of() : List.of(feeds.split(",")));
                    })
                    .list();
        });
    }

    /** The snapshots of a lake table, oldest first (Iceberg's own history, read through Trino). */
    public List<Long> snapshots(String table) {
        return onTrino(c -> {
            List<Long> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT snapshot_id FROM " + settings.icebergCatalog() + "."
                            + settings.lakeSchema() + ".\"" + checked(table) + "$snapshots\" ORDER BY committed_at")) {
                while (r.next()) {
                    out.add(r.getLong(1));
                }
            }
            return out;
        });
    }

    /**
     * Recomputes the rows of a model table (in the warehouse) for the dates {@code from..to} by running the model's
     * SELECT on Trino, reading the lake's fact tables and the warehouse's master data and models in one statement; the
     * rows are written by Trino to a scratch table in the warehouse, then swapped in by one PostgreSQL transaction, so
     * readers see the old rows or the new ones; a large write refreshes the table's planner statistics in that transaction.
     * Returns the rows written.
     *
     * @param dateColumn the column that dates the model's rows, or null for a model rebuilt whole (all its rows are
     *                   replaced; {@code from..to} are only bound to its parameters)
     * @param sql   the model's SELECT in the common subset, with {@code :from_date} and {@code :to_date}
     * @param reads  the tables and models it reads (its depends_on)
     * @param inLake those of them read from the lake (see {@link #holds}); the rest are read from the warehouse
     */
    public long replaceModelRows(
            String table,
            String dateColumn,
            String sql,
            java.util.Collection<String> reads,
            java.util.Set<String> inLake,
            LocalDate from,
            LocalDate to) {
        return replaceModelRows(table, dateColumn, sql, reads, inLake, from, to, Map.of());
    }

    /**
     * As {@link #replaceModelRows(String, String, String, java.util.Collection, java.util.Set, LocalDate, LocalDate)},
     * bringing the table's {@code indexes} (name and kind) up to date with the rows swapped in, in the same transaction,
     * as a refresh on the warehouse does: a BRIN index's new pages summarized, not left to autovacuum (until then a
     * day's read of the mart read it whole).
     */
    public long replaceModelRows(
            String table,
            String dateColumn,
            String sql,
            java.util.Collection<String> reads,
            java.util.Set<String> inLake,
            LocalDate from,
            LocalDate to,
            Map<String, Dialect.IndexKind> indexes) {
        String select = TrinoSql.model(
                sql, reads, name -> inLake.contains(name) ? lakeTable(name) : warehouseTable(name), from, to);
        String scratch = "sr_lake_out_" + checked(table);
        onTrino(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + warehouseTable(scratch));
                s.execute("CREATE TABLE " + warehouseTable(scratch) + " AS SELECT * FROM (\n" + select
                        + "\n) model_rows"
                        + (dateColumn == null
                                ? ""
                                : " WHERE " + checked(dateColumn) + " BETWEEN " + dateLiteral(from) + " AND "
                                        + dateLiteral(to)));
            } catch (SQLException e) {
                throw modelFailed(table, e, from, to, "nothing was changed.");
            }
            return null;
        });
        List<String> columns = new ArrayList<>(warehouseColumns(table).keySet());
        String names = String.join(", ", columns);
        return warehouse.inTransaction(c -> {
            long rows;
            if (dateColumn == null) {
                Sql.on(c).sql("DELETE FROM " + table).update();
            } else {
                Sql.on(c)
                        .sql("DELETE FROM " + table + " WHERE " + dateColumn + " BETWEEN ? AND ?")
                        .param(Sql.date(from))
                        .param(Sql.date(to))
                        .update();
            }
            try (Statement s = c.createStatement()) {
                rows = s.executeUpdate(
                        "INSERT INTO " + table + " (" + names + ") SELECT " + names + " FROM " + scratch);
                s.execute("DROP TABLE " + scratch);
            }
            if (rows > 0) {
                for (Map.Entry<String, Dialect.IndexKind> index : indexes.entrySet()) {
                    Dialect.of(c).summarizeIndex(c, index.getKey(), index.getValue());
                }
            }
            if (rows >= Dialect.LARGE_WRITE_ROWS) {
                // as a refresh on the warehouse does: the next models (Trino plans its PostgreSQL reads from these
                // statistics) and the API's queries read the rows just swapped in
                Dialect.of(c).refreshStatistics(c, table);
            }
            return rows;
        });
    }

    /**
     * Recomputes the rows of a model kept in the lake (docs/scale.md, "Large marts in the lake") for the dates
     * {@code from..to}: the model's SELECT on Trino, its rows merged into the lake table of the same name by one
     * {@code MERGE} that deletes the table's rows of those dates and inserts the new ones, so readers see the old slice
     * or the new one and a statement that fails commits nothing, as a publish of the facts does. The lake table is
     * created from the warehouse's (empty) mart table on first use, partitioned by business date and sorted by store.
     * Returns the rows the dates now hold.
     */
    public long replaceModelSlice(
            String table,
            String dateColumn,
            String sql,
            java.util.Collection<String> reads,
            java.util.function.Function<String, String> qualify,
            LocalDate from,
            LocalDate to) {
        if (!DATE_COLUMN.equals(dateColumn)) {
            throw new StockroomException(
                    ErrorCode.CONFIG_INVALID,
                    "Model " + table + " is kept in the lake, which holds tables by " + DATE_COLUMN + ", but it is "
                            + "incremental by " + dateColumn + ".");
        }
        String select = TrinoSql.model(sql, reads, qualify, from, to);
        SortedSet<LocalDate> none = new TreeSet<>();
        List<Column> columns = ensureTable(table);
        String merge = sliceMerge(
                table,
                columns,
                "SELECT * FROM (\n" + select + "\n) model_rows WHERE " + dateCondition("", from, to, none),
                new TreeSet<>(slicesHeld(table, from, to)),
                dateCondition("t.", from, to, none));
        return onTrino(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate(merge);
            } catch (SQLException e) {
                throw modelFailed(table, e, from, to, "the lake table still holds the previous rows of these dates.");
            }
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + lakeTable(table) + " WHERE "
                            + dateCondition("", from, to, none))) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /**
     * Drops the lake table of a model kept in the lake, whose definition changed: the next {@link #replaceModelSlice}
     * creates it again from the warehouse's (recreated) table, with the new definition's columns.
     */
    public synchronized void dropModelTable(String table) {
        onTrino(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + lakeTable(checked(table)));
            }
            tables = null;
            return null;
        });
    }

    /**
     * A model's statement on Trino failed for {@code from..to}: out of memory names Trino's memory settings, anything
     * else the model file. {@code outcome} says what these dates hold now; dates written by earlier statements of the
     * same refresh (its slices) hold their new rows, which the next refresh of them writes again.
     */
    private StockroomException modelFailed(String table, SQLException e, LocalDate from, LocalDate to, String outcome) {
        String dates = datesText(from, to);
        if (OutOfMemory.is(e)) {
            return new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR,
                    "On Trino: "
                            + OutOfMemory.advice(
                                    table,
                                    dates,
                                    "Raise Trino's query.max-memory-per-node and query.max-memory, or let it spill "
                                            + "to disk (spill-enabled=true with spiller-spill-path; docs/scale.md)",
                                    warehouse.modelSliceRows(),
                                    outcome),
                    e);
        }
        return new StockroomException(
                ErrorCode.WAREHOUSE_ERROR,
                "Model " + table + " failed on Trino computing " + dates + ": " + e.getMessage() + ". Fix models/"
                        + table + ".sql (or the data it reads) and refresh again; " + outcome,
                e);
    }

    /**
     * Dates {@code from..to} as a message says them: a statement over every date runs from 1900-01-01 to 2999-12-31
     * (the models' open ends), which are not dates anyone wrote.
     */
    public static String datesText(LocalDate from, LocalDate to) {
        boolean fromStart = from.equals(EVERY_DATE_FROM);
        boolean toEnd = to.equals(EVERY_DATE_TO);
        if (fromStart && toEnd) {
            return "every date";
        }
        return fromStart
                ? "the dates up to " + to
                : toEnd ? "the dates from " + from : from.equals(to) ? from.toString() : from + ".." + to;
    }

    /** The dates of {@code from..to} a lake table holds rows of (the slices a model's refresh replaces). */
    private List<LocalDate> slicesHeld(String table, LocalDate from, LocalDate to) {
        return onTrino(c -> {
            List<LocalDate> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT DISTINCT " + DATE_COLUMN + " FROM " + lakeTable(table)
                            + " WHERE " + dateCondition("", from, to, new TreeSet<>()) + " ORDER BY 1")) {
                while (r.next()) {
                    out.add(r.getDate(1).toLocalDate());
                }
            }
            return out;
        });
    }

    /** A model's SELECT as Trino runs it, parenthesised: how a reader on Trino reads a view over a lake table. */
    public static String modelRelation(
            String sql, java.util.Collection<String> reads, java.util.function.Function<String, String> qualify) {
        return "(" + TrinoSql.model(sql, reads, qualify, EVERY_DATE_FROM, EVERY_DATE_TO) + ")";
    }

    /** The tables a statement reads (after FROM or JOIN). */
    public static Set<String> tablesRead(String sql) {
        return TrinoSql.tablesRead(sql);
    }

    /**
     * Runs a read of the dashboards' services on Trino (docs/scale.md): portable SQL whose {@code ?} values are bound
     * in order, each table it reads named by {@code relation} (null: the warehouse's table, through the postgresql
     * catalog), its rows mapped as a warehouse read's would be.
     */
    public <T> List<T> read(
            String sql,
            List<?> params,
            java.util.function.Function<String, String> relation,
            org.springframework.jdbc.core.RowMapper<T> mapper) {
        return query(TrinoSql.read(sql, params, orWarehouse(relation)), mapper);
    }

    /**
     * As {@link #read(String, List, java.util.function.Function, org.springframework.jdbc.core.RowMapper)} for a read
     * written with {@code :name} values (the planogram's SQL files): the values bound as literals, date arithmetic as
     * a warehouse script's on Trino ({@link TrinoSql#statement}), every divisor a DOUBLE (as DuckDB divides).
     */
    public <T> List<T> readNamed(
            String sql,
            Map<String, ?> params,
            java.util.function.Function<String, String> relation,
            org.springframework.jdbc.core.RowMapper<T> mapper) {
        return query(TrinoSql.statement(sql, params, orWarehouse(relation)), mapper);
    }

    /** {@code relation}'s name of a table, or the warehouse's table through the postgresql catalog when it has none. */
    private java.util.function.Function<String, String> orWarehouse(
            java.util.function.Function<String, String> relation) {
        return name -> {
            String named = relation.apply(name);
            return named != null ? named : warehouseTable(name);
        };
    }

    /** The rows of a Trino query, each mapped as a warehouse read's would be. */
    private <T> List<T> query(String trino, org.springframework.jdbc.core.RowMapper<T> mapper) {
        return onTrino(c -> {
            List<T> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(trino)) {
                int i = 0;
                while (r.next()) {
                    out.add(mapper.mapRow(r, i++));
                }
            }
            return out;
        });
    }

    /** True when the statement reads a table the lake holds (then {@link #runOnTrino} can run it). */
    public boolean readsLake(String statement) {
        Set<String> inLake = lakeTables();
        return TrinoSql.tablesRead(statement).stream().anyMatch(inLake::contains);
    }

    /**
     * Runs a statement of a warehouse script that reads the lake, {@code INSERT INTO t (columns) <query>} or
     * {@code CREATE TEMP TABLE t AS <query>}: the query on Trino (lake tables from the lake, the rest from the
     * warehouse, in one statement), its rows into a scratch table of the warehouse, and the statement finished on
     * {@code c} from there, in the caller's transaction. Trino reads what is committed: rows the caller's transaction
     * wrote are not seen. Returns the rows written.
     */
    public long runOnTrino(Connection c, String statement, Map<String, ?> params) throws SQLException {
        String sql =
                statement.strip().replaceAll("(?m)\\A(\\s*--[^\\n]*\\n)+", "").strip();
        Matcher insert = Pattern.compile("(?is)^INSERT\\s+INTO\\s+([a-z_][a-z0-9_]*)\\s*\\(([^)]*)\\)\\s*(.*)$")
                .matcher(sql);
        Matcher temp = Pattern.compile("(?is)^CREATE\\s+TEMP(?:ORARY)?\\s+TABLE\\s+([a-z_][a-z0-9_]*)\\s+AS\\s+(.*)$")
                .matcher(sql);
        String target;
        String query;
        String columns;
        if (insert.matches()) {
            target = insert.group(1);
            columns = insert.group(2).replaceAll("\\s+", " ").strip();
            query = insert.group(3);
        } else if (temp.matches()) {
            target = temp.group(1);
            columns = null;
            query = temp.group(2);
        } else {
            throw new IllegalArgumentException(
                    "Only INSERT INTO t (columns) <query> and CREATE TEMP TABLE t AS <query> " + "run on Trino: "
                            + sql.substring(0, Math.min(80, sql.length())));
        }
        Set<String> inLake = lakeTables();
        String select = TrinoSql.statement(
                query, params, name -> inLake.contains(name) ? lakeTable(name) : warehouseTable(name));
        String scratch = "sr_lake_out_" + checked(target);
        onTrino(t -> {
            try (Statement s = t.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + warehouseTable(scratch));
                // the INSERT's column list names the query's columns (Trino's CREATE TABLE AS needs a name for each)
                s.execute("CREATE TABLE " + warehouseTable(scratch) + " AS SELECT * FROM (\n" + select + "\n) q"
                        + (columns == null ? "" : " (" + columns + ")"));
            } catch (SQLException e) {
                throw new StockroomException(
                        ErrorCode.WAREHOUSE_ERROR,
                        "A statement filling " + target + " failed on Trino: " + e.getMessage()
                                + ". Nothing was changed.",
                        e);
            }
            return null;
        });
        try (Statement s = c.createStatement()) {
            long rows = s.executeLargeUpdate(
                    columns == null
                            ? "CREATE TEMP TABLE " + target + " AS SELECT * FROM " + scratch
                            : "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + scratch);
            s.execute("DROP TABLE " + scratch);
            return rows;
        }
    }

    /** The tables the lake holds (one question to Trino, then remembered; a table the lake creates is added). */
    public Set<String> tables() {
        return lakeTables();
    }

    private Set<String> lakeTables() {
        Set<String> known = tables;
        if (known == null) {
            known = onTrino(c -> {
                Set<String> out = new java.util.HashSet<>();
                try (PreparedStatement p = c.prepareStatement("SELECT table_name FROM " + settings.icebergCatalog()
                        + ".information_schema.tables WHERE table_schema = ?")) {
                    p.setString(1, settings.lakeSchema());
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            out.add(r.getString(1));
                        }
                    }
                }
                return java.util.Collections.unmodifiableSet(out);
            });
            tables = known;
        }
        return known;
    }

    /** The first and last business date of a lake table and its rows; null dates when it holds none. */
    public record Span(LocalDate first, LocalDate last, long rows) {}

    /** What a lake table holds (a missing one: nothing): how a model on Trino sizes its slices of dates. */
    public Span span(String table) {
        if (!holds(table)) {
            return new Span(null, null, 0);
        }
        return onTrino(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MIN(" + DATE_COLUMN + "), MAX(" + DATE_COLUMN
                            + "), COUNT(*) FROM " + lakeTable(table))) {
                r.next();
                java.sql.Date first = r.getDate(1);
                return first == null
                        ? new Span(null, null, 0)
                        : new Span(first.toLocalDate(), r.getDate(2).toLocalDate(), r.getLong(3));
            }
        });
    }

    /** The last business date of a lake table, or null when it is empty or missing. */
    public LocalDate lastDate(String table) {
        if (!holds(table)) {
            return null;
        }
        return onTrino(c -> {
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT MAX(" + DATE_COLUMN + ") FROM " + lakeTable(table))) {
                r.next();
                java.sql.Date d = r.getDate(1);
                return d == null ? null : d.toLocalDate();
            }
        });
    }

    /**
     * Runs work on a new Trino connection. Every request on it (a statement's start, each poll of a running statement)
     * must be answered within {@link TrinoSettings#answerTimeout()}. The driver's own bounds are 30 s for an answer,
     * asked again for 2 minutes, so a coordinator that accepts connections and never answers held the start, each
     * call of a run or {@code stockroom lake} for 2 minutes, and the message said neither where nor which setting. A
     * query that runs long is polled, and answered about every second, so the bound does not limit it.
     */
    public <T> T onTrino(Warehouse.SqlWork<T> work) {
        Properties p = new Properties();
        p.setProperty("user", settings.user());
        p.setProperty("sessionProperties", scratchWrites(settings.postgresCatalog()));
        // the driver's connect, read and write timeout of each HTTP request
        p.setProperty("timeout", settings.answerTimeout().toMillis() + "ms");
        if (settings.password() != null && !settings.password().isBlank()) {
            p.setProperty("password", settings.password());
        }
        try (Connection c = DriverManager.getConnection(settings.url(), p)) {
            // how long the driver asks again for an answer (after a timeout, a 502 or 503 of a proxy): once the
            // bound has passed the call fails (the driver's default: 2 minutes)
            c.setNetworkTimeout(Runnable::run, (int) settings.answerTimeout().toMillis());
            return work.apply(c);
        } catch (SQLException e) {
            if (unreachable(e)) {
                // said to whoever opened a page (a store manager), so no address and no driver text: those are logged,
                // and the operator's message (the start's notices, the log) is the cause's
                throw new StockroomException(
                        ErrorCode.LAKE_UNAVAILABLE,
                        "The lake is unavailable: its query engine (Trino) does not answer, so what is read from the"
                                + " lake (on this deployment the inventory positions and alerts) cannot be shown now."
                                + " Try again in a few minutes; if it lasts, tell your administrator (Trino at "
                                + "stockroom.trino.url is down or unreachable; the server log has the details).",
                        noAnswer(e) ? new java.sql.SQLTimeoutException(noAnswerText(), e) : e);
            }
            throw new StockroomException(
                    ErrorCode.WAREHOUSE_ERROR, "Trino at " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    /** What the operator is told when Trino accepted the connection but did not answer in time. */
    private String noAnswerText() {
        return settings.url() + " accepted the connection but gave no answer within "
                + describe(settings.answerTimeout()) + " (" + TrinoSettings.ANSWER_TIMEOUT_SETTING
                + "; it bounds each answer, not how long a query runs)";
    }

    private static String describe(java.time.Duration d) {
        return d.toMillis() % 1000 != 0
                ? d.toMillis() + " ms"
                : d.toSeconds() % 60 != 0 || d.toSeconds() < 60 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** Whether Trino could not be reached at all (refused, unknown host, timed out), not a statement that failed. */
    static boolean unreachable(Throwable e) {
        return causedBy(e, java.io.IOException.class);
    }

    /** Whether a request got no answer in time (connect or read timed out), rather than refused. */
    private static boolean noAnswer(Throwable e) {
        return causedBy(e, java.io.InterruptedIOException.class); // java.net.SocketTimeoutException among them
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Session properties of the postgresql catalog for the only tables Stockroom writes through it, the scratch tables
     * ({@code sr_lake_out_*}) that one warehouse transaction then swaps in. Trino's defaults guard a table that readers
     * use (and let it retry a writer): its rows go first to a temporary table tagged by writer, copied into the target
     * at the end ({@code INSERT ... SELECT}), and the writer commits every 1,000 rows. A scratch table needs neither:
     * nobody reads it until the swap, and a statement that fails never reaches the swap, so the mart is unchanged. With
     * {@code non_transactional_insert} Trino writes the rows once, into a table under a temporary name that it renames
     * to the scratch table when the statement succeeds and drops when it fails (the next run drops any left over
     * first); in batches of {@value #WRITE_BATCH_ROWS} rows it commits 10x less often. Trino documents both session properties
     * for its JDBC connectors ({@code non_transactional_insert}, {@code write_batch_size}); Stockroom sets them on its
     * own connections, so the catalog keeps its safe defaults for everyone else.
     */
    private static String scratchWrites(String postgresCatalog) {
        return postgresCatalog + ".non_transactional_insert:true;" + postgresCatalog + ".write_batch_size:"
                + WRITE_BATCH_ROWS;
    }

    /** Creates the lake table from the warehouse table's columns when missing; returns its columns (Trino types). */
    private List<Column> ensureTable(String table) {
        if (!prepared) {
            prepare();
        }
        Map<String, String> inWarehouse = warehouseColumns(table);
        return onTrino(c -> {
            if (!holds(table)) {
                if (!inWarehouse.containsKey(DATE_COLUMN)) {
                    throw new StockroomException(
                            ErrorCode.WAREHOUSE_ERROR,
                            "The lake holds fact tables by " + DATE_COLUMN + "; " + table + " has no such column.");
                }
                String sortBy = inWarehouse.containsKey("store_id") ? ", sorted_by = ARRAY['store_id']" : "";
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + lakeTable(table)
                            + " WITH (format = 'PARQUET', partitioning = ARRAY['" + DATE_COLUMN + "']" + sortBy
                            + ") AS SELECT * FROM " + published(table, inWarehouse) + " p WITH NO DATA");
                }
                tables = null;
            }
            List<Column> columns = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT column_name, data_type FROM " + settings.icebergCatalog()
                            + ".information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
                p.setString(1, settings.lakeSchema());
                p.setString(2, table);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        columns.add(new Column(r.getString(1), r.getString(2)));
                    }
                }
            }
            // Trino leaves out a column whose type it cannot map: say so rather than lose the column in the lake
            List<String> missing = inWarehouse.keySet().stream()
                    .filter(n -> columns.stream().noneMatch(col -> col.name().equals(n)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new StockroomException(
                        ErrorCode.WAREHOUSE_ERROR,
                        "The lake table " + table + " lacks the warehouse columns " + missing
                                + " (types "
                                + missing.stream().map(inWarehouse::get).toList()
                                + "): Trino cannot read them through its postgresql catalog, "
                                + "or the table was created before they were added. Give them portable types, or add them to the lake table with "
                                + "ALTER TABLE " + lakeTable(table) + " ADD COLUMN.");
            }
            return columns;
        });
    }

    /**
     * What the lake holds of a warehouse table: its rows, and for a fact table (rows with a load_seq) each row's feed,
     * which the warehouse keeps once per load (fact_loads) and the lake on the row, as its commits record it.
     */
    private String published(String table, Map<String, String> inWarehouse) {
        if (!inWarehouse.containsKey("load_seq") || inWarehouse.containsKey("feed_id")) {
            return warehouseTable(table);
        }
        return "(SELECT w.*, l.feed_id FROM " + warehouseTable(table) + " w LEFT JOIN " + warehouseTable("fact_loads")
                + " l ON l.load_seq = w.load_seq)";
    }

    private Map<String, String> warehouseColumns(String table) {
        return warehouse.withConnection(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            Sql.on(c)
                    .sql("SELECT column_name, data_type FROM information_schema.columns "
                            + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")
                    .param(Sql.text(warehouseSchema))
                    .param(Sql.text(table))
                    .query((ResultSet r) -> {
                        out.put(r.getString(1), r.getString(2));
                    });
            if (out.isEmpty()) {
                throw new StockroomException(
                        ErrorCode.WAREHOUSE_ERROR, "The warehouse has no table " + table + " to publish to the lake.");
            }
            return out;
        });
    }

    private void record(List<LakeCommit> commits, Instant started) {
        warehouse.inTransaction(c -> {
            Sql.template(c)
                    .batchUpdate(
                            "INSERT INTO lake_commits (table_name, business_date, snapshot_id, row_count, feed_ids, committed_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?)",
                            commits,
                            commits.size(),
                            (p, commit) -> {
                                p.setString(1, commit.table());
                                p.setDate(2, java.sql.Date.valueOf(commit.businessDate()));
                                p.setLong(3, commit.snapshotId());
                                p.setLong(4, commit.rows());
                                p.setString(5, String.join(",", commit.feedIds()));
                                p.setObject(
                                        6,
                                        java.time.LocalDateTime.ofInstant(
                                                started, java.time.ZoneOffset.UTC)); // as Sql.instant
                            });
            return null;
        });
    }

    /** from..to and any other dates, as one condition on the date column. */
    private static String dateCondition(String alias, LocalDate from, LocalDate to, SortedSet<LocalDate> others) {
        String range = alias + DATE_COLUMN + " BETWEEN " + dateLiteral(from) + " AND " + dateLiteral(to);
        return others.isEmpty()
                ? range
                : "(" + range + " OR " + alias + DATE_COLUMN + " IN ("
                        + String.join(
                                ", ", others.stream().map(Lake::dateLiteral).toList()) + "))";
    }

    /** A date as a SQL literal (from a LocalDate, so never user text). */
    public static String dateLiteral(LocalDate date) {
        return "DATE '" + date + "'";
    }

    private static String checked(String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return table;
    }

    private record Column(String name, String type) {}

    /**
     * One Iceberg commit of a slice: the snapshot that holds it, its rows and the feeds they came from (lineage).
     */
    public record LakeCommit(String table, LocalDate businessDate, long snapshotId, long rows, List<String> feedIds) {
        public LakeCommit {
            feedIds = List.copyOf(feedIds);
        }
    }
}
