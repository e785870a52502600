package io.stockroom.retention;

import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.security.AuditRetention;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Lake;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Applies the retention policies: raw lake files (with their manifest rows), fact rows, quarantined rows and feed
 * records older than their dataset's policy, and the audit log's own retention. {@link #report()} is the dry run
 * (nothing changes), {@link #apply()} removes and writes one audit row with what went; the scheduler applies it
 * daily. Marts keep the daily aggregates they already hold; a date whose raw files are gone can no longer be replayed.
 */
@Service
public class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    /**
     * What a pass removes (or would remove) for one dataset; a date is null where that kind of data is kept for ever.
     * {@code unreplayableFrom..unreplayableTo}: the business dates of the fact feeds whose raw files go, which a replay
     * refuses from then on (null when no such file goes).
     */
    public record DatasetReport(
            String dataset,
            int rawDays,
            LocalDate rawReceivedBefore,
            long rawFiles,
            long rawBytes,
            int factsDays,
            LocalDate factsBefore,
            long factRows,
            int quarantineDays,
            LocalDate quarantinedBefore,
            long quarantineRows,
            int feedsDays,
            LocalDate feedsReceivedBefore,
            long feeds,
            List<String> rawFilesNotRemoved,
            long lakeRows,
            String lakeNotRemoved,
            LocalDate unreplayableFrom,
            LocalDate unreplayableTo) {}

    /** One retention pass: per dataset, and the audit log. */
    public record Report(
            boolean applied, LocalDate asOf, List<DatasetReport> datasets, AuditRetention.Report auditLog) {
        public long total() {
            return datasets.stream()
                    .mapToLong(d -> d.rawFiles() + d.factRows() + d.quarantineRows() + d.feeds())
                    .sum();
        }
    }

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final RetentionPolicies policies;
    private final RetentionProperties properties;
    private final AuditRetention auditRetention;
    /** On a Trino deployment (null without): the Iceberg lake's copy of the facts, which retention removes too. */
    private final Lake lake;
    /** The retailer's time zone: the cut-offs count days back from its today. */
    private final java.time.ZoneId zone;

    public RetentionService(
            Warehouse warehouse,
            ContractRegistry contracts,
            RetentionProperties properties,
            AuditRetention auditRetention,
            io.stockroom.StockroomProperties stockroom,
            ObjectProvider<Lake> lake) {
        this.warehouse = warehouse;
        this.zone = stockroom.zone();
        this.lake = lake.getIfAvailable();
        this.contracts = contracts;
        this.properties = properties;
        this.policies = RetentionPolicies.of(
                properties, contracts); // a wrong policy stops the start, before anything is removed
        this.auditRetention = auditRetention;
    }

    /**
     * The setting that removes a dataset's raw files, as an operator finds it in the configuration:
     * "stockroom.retention.datasets.sales.raw-days: 10" (or the default's, when the dataset inherits it).
     */
    public String rawPolicy(String dataset) {
        RetentionProperties.Policy own = properties.datasets().get(dataset);
        String key = own != null && own.rawDays() != null ? dataset : RetentionProperties.DEFAULT;
        int days = policies.of(dataset).raw();
        return "stockroom.retention.datasets." + key + ".raw-days: "
                + (days == 0 ? "0 now, which keeps them; a shorter setting removed them earlier" : days);
    }

    /** The dry run: what a pass today would remove. Nothing changes. */
    public Report report() {
        LocalDate today = today();
        List<DatasetReport> out = new ArrayList<>();
        for (String dataset : datasets()) {
            RetentionPolicies.Days d = policies.of(dataset);
            if (d.removesAnything()) {
                out.add(warehouse.withConnection(c -> measure(c, dataset, d, today)));
            }
        }
        return new Report(false, today, out, auditRetention.run(false));
    }

    /** Removes what the policies say has expired, and writes one audit row naming what went. */
    public Report apply() {
        LocalDate today = today();
        List<DatasetReport> out = new ArrayList<>();
        for (String dataset : datasets()) {
            RetentionPolicies.Days d = policies.of(dataset);
            if (d.removesAnything()) {
                out.add(remove(dataset, d, today));
            }
        }
        Report report = new Report(true, today, out, null);
        if (report.total() > 0) {
            warehouse.inTransaction(c -> {
                AuditTrail.write(c, AuditTrail.Entry.write("retention", "datasets", null, null, out, report.total()));
                return null;
            });
        }
        return new Report(true, today, out, auditRetention.run(true));
    }

    @Scheduled(cron = "${stockroom.retention.cron:${stockroom.security.retention.cron:0 15 3 * * *}}")
    void daily() {
        Report r = apply();
        r.datasets().stream()
                .filter(d -> d.rawFiles() + d.factRows() + d.quarantineRows() + d.feeds() > 0)
                .forEach(d -> log.info(
                        "retention {}: removed {} raw files, {} fact rows, {} quarantined rows, {} feed records",
                        d.dataset(),
                        d.rawFiles(),
                        d.factRows(),
                        d.quarantineRows(),
                        d.feeds()));
        log.info(
                "audit retention: removed {} view rows older than {} days and {} other rows",
                r.auditLog().viewRows(),
                r.auditLog().viewDays(),
                r.auditLog().otherRows());
    }

    private LocalDate today() {
        return LocalDate.now(zone);
    }

    /** Every dataset with a contract, and any other name the lake, feeds or quarantine hold (e.g. _unknown). */
    private List<String> datasets() {
        TreeSet<String> names = new TreeSet<>(contracts.names());
        warehouse.withConnection(c -> {
            Sql.on(c).sql("""
                    SELECT dataset FROM raw_manifest UNION SELECT coalesce(dataset, '_unknown') FROM feeds UNION SELECT dataset FROM quarantine""").query((ResultSet r) -> {
                names.add(r.getString(1));
            });
            return null;
        });
        return List.copyOf(names);
    }

    private static LocalDate before(LocalDate today, int days) {
        return days == 0 ? null : today.minusDays(days);
    }

    private Optional<Contract> contract(String dataset) {
        return contracts.find(dataset);
    }

    // ------------------------------------------------------------------------------------ dry run

    private DatasetReport measure(Connection c, String dataset, RetentionPolicies.Days d, LocalDate today)
            throws SQLException {
        LocalDate rawBefore = before(today, d.raw());
        LocalDate factsBefore = before(today, d.facts());
        LocalDate quarantinedBefore = before(today, d.quarantine());
        LocalDate feedsBefore = before(today, d.feeds());
        long files = 0;
        long bytes = 0;
        LocalDate[] unreplayable = {null, null};
        if (rawBefore != null) {
            for (RawFile f : rawFiles(c, dataset, rawBefore)) {
                files++;
                bytes += f.bytes();
            }
            unreplayable = unreplayable(c, dataset, rawBefore);
        }
        long facts = factsBefore == null
                ? 0
                : count(
                        c,
                        "SELECT count(*) FROM "
                                + contract(dataset).orElseThrow().table() + " WHERE "
                                + contract(dataset).orElseThrow().dateColumn() + " < ?",
                        Date.valueOf(factsBefore));
        long quarantined = quarantinedBefore == null
                ? 0
                : count(
                        c,
                        "SELECT count(*) FROM quarantine WHERE dataset = ? AND quarantined_at < ?",
                        dataset,
                        start(quarantinedBefore));
        long feeds = 0;
        if (feedsBefore != null) {
            // a feed goes once nothing of it stays: after this pass, no file, quarantined row or warehouse row of it is
            // left
            List<Object> args = new ArrayList<>(List.of(dataset, start(feedsBefore)));
            StringBuilder sql = new StringBuilder(
                    "SELECT count(*) FROM feeds f WHERE coalesce(f.dataset, '_unknown') = ? AND f.created_at < ?");
            sql.append(
                    " AND NOT EXISTS (SELECT 1 FROM raw_manifest m WHERE m.feed_id = f.feed_id AND m.received_at >= ?)");
            args.add(kept(rawBefore));
            sql.append(
                    " AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.feed_id = f.feed_id AND q.quarantined_at >= ?)");
            args.add(kept(quarantinedBefore));
            Optional<Contract> contract = contract(dataset);
            if (contract.isPresent()) {
                Contract ct = contract.get();
                sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(ct.table()).append(rowsOfFeed(ct));
                if (ct.isFact()) {
                    sql.append(" AND t.").append(ct.dateColumn()).append(" >= ?");
                    args.add(Date.valueOf(factsBefore == null ? KEEP_ALL : factsBefore));
                }
                sql.append(")");
            }
            feeds = count(c, sql.toString(), args.toArray());
        }
        long lakeRows = 0;
        String lakeProblem = null;
        if (lake != null && factsBefore != null) {
            try {
                lakeRows = lake.countBefore(contract(dataset).orElseThrow().table(), factsBefore);
            } catch (RuntimeException e) {
                lakeProblem = "the lake could not be read: " + e.getMessage();
            }
        }
        return new DatasetReport(
                dataset,
                d.raw(),
                rawBefore,
                files,
                bytes,
                d.facts(),
                factsBefore,
                facts,
                d.quarantine(),
                quarantinedBefore,
                quarantined,
                d.feeds(),
                feedsBefore,
                feeds,
                List.of(),
                lakeRows,
                lakeProblem,
                unreplayable[0],
                unreplayable[1]);
    }

    // ------------------------------------------------------------------------------------ apply

    private DatasetReport remove(String dataset, RetentionPolicies.Days d, LocalDate today) {
        LocalDate rawBefore = before(today, d.raw());
        LocalDate factsBefore = before(today, d.facts());
        LocalDate quarantinedBefore = before(today, d.quarantine());
        LocalDate feedsBefore = before(today, d.feeds());
        // files first: a manifest row goes only with its file, so the manifest never claims a file that is gone
        List<RawFile> removed = new ArrayList<>();
        List<String> notRemoved = new ArrayList<>();
        LocalDate[] unreplayable = rawBefore == null
                ? new LocalDate[] {null, null}
                : warehouse.withConnection(c -> unreplayable(c, dataset, rawBefore));
        if (rawBefore != null) {
            for (RawFile f : warehouse.withConnection(c -> rawFiles(c, dataset, rawBefore))) {
                if (deleteFile(f.lakePath())) {
                    removed.add(f);
                } else {
                    notRemoved.add(f.lakePath());
                }
            }
        }
        DatasetReport inWarehouse = warehouse.inTransaction(c -> {
            for (RawFile f : removed) {
                update(c, "DELETE FROM raw_manifest WHERE lake_path = ?", f.lakePath());
            }
            long facts = 0;
            if (factsBefore != null) {
                Contract ct = contract(dataset).orElseThrow();
                facts = update(
                        c,
                        "DELETE FROM " + ct.table() + " WHERE " + ct.dateColumn() + " < ?",
                        Date.valueOf(factsBefore));
            }
            long quarantined = quarantinedBefore == null
                    ? 0
                    : update(
                            c,
                            "DELETE FROM quarantine WHERE dataset = ? AND quarantined_at < ?",
                            dataset,
                            start(quarantinedBefore));
            long feeds = 0;
            if (feedsBefore != null) {
                String gone =
                        "SELECT f.feed_id FROM feeds f WHERE coalesce(f.dataset, '_unknown') = ? AND f.created_at < ?"
                                + " AND NOT EXISTS (SELECT 1 FROM raw_manifest m WHERE m.feed_id = f.feed_id)"
                                + " AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.feed_id = f.feed_id)"
                                + contract(dataset)
                                        .map(ct ->
                                                " AND NOT EXISTS (SELECT 1 FROM " + ct.table() + rowsOfFeed(ct) + ")")
                                        .orElse("");
                update(c, "DELETE FROM feed_issues WHERE feed_id IN (" + gone + ")", dataset, start(feedsBefore));
                update(c, "DELETE FROM fact_loads WHERE feed_id IN (" + gone + ")", dataset, start(feedsBefore));
                update(c, "DELETE FROM feed_days WHERE feed_id IN (" + gone + ")", dataset, start(feedsBefore));
                feeds = update(c, "DELETE FROM feeds WHERE feed_id IN (" + gone + ")", dataset, start(feedsBefore));
            }
            return new DatasetReport(
                    dataset,
                    d.raw(),
                    rawBefore,
                    removed.size(),
                    removed.stream().mapToLong(RawFile::bytes).sum(),
                    d.facts(),
                    factsBefore,
                    facts,
                    d.quarantine(),
                    quarantinedBefore,
                    quarantined,
                    d.feeds(),
                    feedsBefore,
                    feeds,
                    List.copyOf(notRemoved),
                    0,
                    null,
                    unreplayable[0],
                    unreplayable[1]);
        });
        if (lake == null || factsBefore == null) {
            return inWarehouse;
        }
        // after the warehouse: rows the lake still holds are found by date at the next pass, so a lake that did not
        // answer is caught up then; the report says so meanwhile
        String table = contract(dataset).orElseThrow().table();
        long lakeRows = 0;
        String lakeProblem = null;
        try {
            lakeRows = lake.removeBefore(table, factsBefore);
        } catch (RuntimeException e) {
            lakeProblem = "the lake's " + table + " still holds rows dated before " + factsBefore + " ("
                    + e.getMessage() + "); the next pass removes them once Trino answers";
            log.warn("retention {}: {}", dataset, lakeProblem);
        }
        return new DatasetReport(
                inWarehouse.dataset(),
                inWarehouse.rawDays(),
                inWarehouse.rawReceivedBefore(),
                inWarehouse.rawFiles(),
                inWarehouse.rawBytes(),
                inWarehouse.factsDays(),
                inWarehouse.factsBefore(),
                inWarehouse.factRows(),
                inWarehouse.quarantineDays(),
                inWarehouse.quarantinedBefore(),
                inWarehouse.quarantineRows(),
                inWarehouse.feedsDays(),
                inWarehouse.feedsReceivedBefore(),
                inWarehouse.feeds(),
                inWarehouse.rawFilesNotRemoved(),
                lakeRows,
                lakeProblem,
                inWarehouse.unreplayableFrom(),
                inWarehouse.unreplayableTo());
    }

    /** A raw file whose every manifest row was received before the cut-off. */
    private record RawFile(String lakePath, long bytes) {}

    private static List<RawFile> rawFiles(Connection c, String dataset, LocalDate before) throws SQLException {
        List<RawFile> out = new ArrayList<>();
        Sql.on(c)
                .sql("""
                SELECT lake_path, max(size_bytes) FROM raw_manifest WHERE dataset = ? GROUP BY lake_path HAVING max(received_at) < ? ORDER BY lake_path""")
                .param(Sql.text(dataset))
                .param(new SqlParameterValue(Types.TIMESTAMP, start(before)))
                .query((ResultSet r) -> {
                    out.add(new RawFile(r.getString(1), r.getLong(2)));
                });
        return out;
    }

    /**
     * The first and last business date of the fact feeds whose raw files a pass with this cut-off removes: a replay
     * re-reads the files of every fact feed of its date, and refuses a date one of whose files is gone (nulls when
     * none goes, or the dataset is master data, which a replay does not re-read).
     */
    private LocalDate[] unreplayable(Connection c, String dataset, LocalDate before) throws SQLException {
        if (!contract(dataset).map(Contract::isFact).orElse(false)) {
            return new LocalDate[] {null, null};
        }
        return Sql.on(c)
                .sql("""
                SELECT MIN(f.min_date), MAX(f.max_date) FROM feeds f JOIN raw_manifest m ON m.feed_id = f.feed_id
                WHERE m.dataset = ? AND f.status = 'transformed' AND f.duplicate_of IS NULL AND m.lake_path IN (
                    SELECT lake_path FROM raw_manifest WHERE dataset = ? GROUP BY lake_path HAVING MAX(received_at) < ?)""")
                .param(Sql.text(dataset))
                .param(Sql.text(dataset))
                .param(new SqlParameterValue(Types.TIMESTAMP, start(before)))
                .query((ResultSet r) -> {
                    r.next();
                    Date from = r.getDate(1);
                    Date to = r.getDate(2);
                    return new LocalDate[] {
                        from == null ? null : from.toLocalDate(), to == null ? null : to.toLocalDate()
                    };
                });
    }

    /** Deletes a raw file under lake/raw (a file already gone counts as removed), and its date folder once empty. */
    private boolean deleteFile(String lakePath) {
        Path lake = warehouse.dataDir().resolve("lake/raw").toAbsolutePath().normalize();
        Path file = warehouse.dataDir().resolve(lakePath).toAbsolutePath().normalize();
        if (!file.startsWith(lake)) {
            log.warn("retention: manifest path {} is outside the raw lake; left alone", lakePath);
            return false;
        }
        try {
            Files.deleteIfExists(file);
            Path dir = file.getParent();
            if (!dir.equals(lake)) {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    // other files of that date stay
                }
            }
            return true;
        } catch (IOException e) {
            log.warn("retention: cannot remove raw file {}: {}", lakePath, e.toString());
            return false;
        }
    }

    private static Timestamp start(LocalDate date) {
        return Timestamp.valueOf(date.atStartOfDay());
    }

    /** The start of a cut-off for "a row at or after it stays"; kept for ever (null): every row stays. */
    private static Timestamp kept(LocalDate before) {
        return start(before == null ? KEEP_ALL : before);
    }

    private static final LocalDate KEEP_ALL = LocalDate.of(1900, 1, 1);

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        return Sql.on(c).sql(sql).params(args).query(r -> {
            r.next();
            return r.getLong(1);
        });
    }

    private static long update(Connection c, String sql, Object... args) throws SQLException {
        return Sql.on(c).sql(sql).params(args).update();
    }

    /**
     * The rest of a query over {@code ct}'s table (aliased t) for the rows feed f loaded: a fact row names its feed
     * through its load number (fact_loads), a master row itself.
     */
    private static String rowsOfFeed(Contract ct) {
        return ct.isFact()
                ? " t JOIN fact_loads l ON l.load_seq = t.load_seq WHERE l.feed_id = f.feed_id"
                : " t WHERE t.feed_id = f.feed_id";
    }
}
