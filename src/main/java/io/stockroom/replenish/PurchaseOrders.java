package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.export.CsvCells;
import io.stockroom.export.Spreadsheets;
import io.stockroom.replenish.Views.Download;
import io.stockroom.replenish.Views.ExportResult;
import io.stockroom.replenish.Views.PurchaseOrderDetail;
import io.stockroom.replenish.Views.PurchaseOrderLine;
import io.stockroom.replenish.Views.PurchaseOrderSummary;
import io.stockroom.security.AuditTrail;
import io.stockroom.security.CurrentActor;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;

/** Supplier purchase orders: list, detail, the buyer's approve/reject, and the per-supplier export files. */
@Service
public final class PurchaseOrders {

    private static final String SELECT = """
            SELECT po.*, su.name AS supplier_name, st.name AS store_name FROM purchase_orders po
            LEFT JOIN suppliers su ON su.supplier_id = po.supplier_id
            LEFT JOIN stores st ON st.store_id = po.store_id
            """;
    private static final List<String> CSV_HEADER = List.of(
            "po_id",
            "business_date",
            "supplier_id",
            "store_id",
            "sku",
            "supplier_sku",
            "name",
            "quantity",
            "case_pack",
            "cases",
            "unit_cost",
            "line_cost",
            "revision");

    private final Warehouse warehouse;

    public PurchaseOrders(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    public List<PurchaseOrderSummary> list(LocalDate date, String store, String supplier, String status) {
        Map<String, Object> p = new HashMap<>();
        p.put("d", date);
        p.put("store", store);
        p.put("supplier", supplier);
        p.put("status", status);
        return warehouse.withConnection(c ->
                NamedSql.query(c, SELECT + """
                WHERE po.business_date = :d
                  AND (CAST(:store AS VARCHAR) IS NULL OR po.store_id = CAST(:store AS VARCHAR)
                       OR po.po_id IN (SELECT po_id FROM replenishment_lines WHERE business_date = :d AND store_id = CAST(:store AS VARCHAR)))
                  AND (CAST(:supplier AS VARCHAR) IS NULL OR po.supplier_id = CAST(:supplier AS VARCHAR))
                  AND (CAST(:status AS VARCHAR) IS NULL OR po.status = CAST(:status AS VARCHAR))""" + NamedSql.scope("po.store_id", p) + """
                 ORDER BY po.supplier_id, po.store_id, po.po_id""", p, PurchaseOrders::summary));
    }

    public PurchaseOrderDetail get(String poId) {
        return warehouse.withConnection(c -> detail(c, poId));
    }

    /** Approves the order and every line of it that is still proposed; rejected lines stay out. */
    public PurchaseOrderDetail approve(String poId, String user, String reason) {
        return approve(poId, user, reason, null);
    }

    /** Approves as above when the order costs at most {@code limit} (null: any value, a head buyer's right). */
    public PurchaseOrderDetail approve(String poId, String user, String reason, BigDecimal limit) {
        return OrderClaim.refusingConcurrentChanges(
                "purchase order " + poId, () -> decide(poId, "approved", "approve", user, reason, limit));
    }

    /** Rejects the order and every line of it that is still proposed. */
    public PurchaseOrderDetail reject(String poId, String user, String reason) {
        return OrderClaim.refusingConcurrentChanges(
                "purchase order " + poId, () -> decide(poId, "rejected", "reject", user, reason, null));
    }

    private PurchaseOrderDetail decide(
            String poId, String status, String action, String user, String reason, BigDecimal limit) {
        String actor = Recommendations.actor(user);
        return warehouse.inTransaction(c -> {
            OrderClaim.claim(c, poId);
            PurchaseOrderDetail before = detail(c, poId);
            if (!"proposed".equals(before.order().status())) {
                throw new StockroomException(
                        ErrorCode.CONFLICT,
                        "Cannot " + action + " purchase order " + poId + ": it is already "
                                + before.order().status() + ".");
            }
            if (limit != null
                    && before.order().cost() != null
                    && before.order().cost().compareTo(limit) > 0) {
                throw new StockroomException(
                        ErrorCode.FORBIDDEN,
                        "Purchase order " + poId + " costs " + before.order().cost() + ", above the approval limit of "
                                + limit + " (stockroom.security.po-approval-limit): a head buyer must approve it.");
            }
            if (limit != null) {
                // a line without a cost is valued at 0 in the order's cost: its value is not known, so neither is
                // whether the order stays within the limit
                List<String> uncosted = NamedSql.query(c, """
                        SELECT store_id || '/' || sku FROM replenishment_lines
                        WHERE po_id = :po AND status <> 'rejected' AND final_qty > 0 AND unit_cost IS NULL
                        ORDER BY store_id, sku""", Map.of("po", poId), rs -> rs.getString(1));
                if (!uncosted.isEmpty()) {
                    throw new StockroomException(
                            ErrorCode.FORBIDDEN,
                            "Purchase order " + poId + " has " + uncosted.size() + " line"
                                    + (uncosted.size() == 1 ? "" : "s") + " without a unit cost ("
                                    + String.join(", ", uncosted.subList(0, Math.min(5, uncosted.size())))
                                    + (uncosted.size() > 5 ? ", ..." : "")
                                    + "), so its value is not known against the approval limit of " + limit
                                    + ": a head buyer must approve it, or load the cost (supplier_products or "
                                    + "products) and run the date again.");
                }
            }
            if ("approved".equals(status) && before.order().units() == 0) {
                throw new StockroomException(
                        ErrorCode.CONFLICT,
                        "Cannot approve purchase order " + poId + ": it orders nothing "
                                + "(every line is 0 or rejected). Override a line's quantity first, or reject the order.");
            }
            Map<String, Object> p = new HashMap<>();
            p.put("po", poId);
            p.put("status", status);
            p.put("user", actor);
            p.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
            p.put("d", before.order().businessDate());
            p.put("action", action);
            p.put("now", Sql.instant(Instant.now()));
            // one audit row per line that changes, then the lines, then the order
            AuditTrail.writeEach(c, actor, action, "recommendation", """
                    SELECT CAST(id AS VARCHAR) AS entity_id,
                           '{"status":"proposed","final_qty":' || CAST(final_qty AS VARCHAR) || '}' AS before_value,
                           '{"status":"' || CAST(? AS VARCHAR) || '","final_qty":' || CAST(final_qty AS VARCHAR) || ',"po_id":"' || po_id || '"}' AS after_value
                    FROM replenishment_lines WHERE po_id = ? AND status = 'proposed'""", status, poId);
            long lines = NamedSql.update(c, """
                    UPDATE replenishment_lines SET status = :status, decided_by = :user, decided_at = CAST(:now AS TIMESTAMP),
                           decision_reason = CAST(:reason AS VARCHAR)
                    WHERE po_id = :po AND status = 'proposed'""", p);
            NamedSql.run(c, "po_totals.sql", p);
            NamedSql.update(c, """
                    UPDATE purchase_orders SET status = :status, decided_by = :user, decided_at = CAST(:now AS TIMESTAMP),
                           decision_reason = CAST(:reason AS VARCHAR)
                    WHERE po_id = :po AND status = 'proposed'""", p);
            PurchaseOrderDetail after = detail(c, poId);
            AuditLog.write(
                    c, actor, action, "purchase_order", poId, state(before.order()), state(after.order()), lines);
            return after;
        });
    }

    /** {@link #export(LocalDate, boolean, java.util.Set)} without re-sending any order. */
    public ExportResult export(LocalDate date, boolean drafts) {
        return export(date, drafts, java.util.Set.of());
    }

    /**
     * Writes {data-dir}/exports/supplier_orders/{date}/{supplier}.json and .csv with the approved orders of each supplier
     * (final) not written before: an order already sent is never written again (its file stays as it was), unless its
     * id is in {@code resend}, which writes it again with its revision one more, marked a re-send, and audited. A
     * supplier's later orders of the date go to {supplier}.2.json, .3.json ... With {@code drafts}, orders still proposed
     * go to {supplier}.draft.json/.csv; rejected orders never export.
     *
     * @param resend ids of approved orders of the date, already exported, that the buyer asks to send again
     */
    public ExportResult export(LocalDate date, boolean drafts, java.util.Set<String> resend) {
        Path dir = warehouse
                .dataDir()
                .resolve("exports")
                .resolve("supplier_orders")
                .resolve(date.toString());
        // names this export's temporary files: after a kill, the start's recovery finishes those of a committed export
        String exportId = java.util.UUID.randomUUID().toString();
        ExportResult result;
        try {
            result = exportInTransaction(date, drafts, resend, dir, exportId);
        } catch (RuntimeException e) {
            discardUncommitted(dir, date, exportId);
            throw e;
        }
        // The files were written under hidden temporary names; each takes its name only now that the export is
        // committed, so a kill part-way leaves a supplier's pickup nothing half-written or not recorded as exported.
        // A kill between two of these renames is finished by the next start (finishCommittedExports).
        try {
            for (String name : result.files()) {
                // another process's start may have named it a moment ago
                name(new Part(dir.resolve(partName(name, exportId)), name, exportId, warehouse.processKey()));
                io.stockroom.FaultPoint.reached("orders.export.renamed");
            }
            removeOlderDrafts(dir, result.files());
            settleOtherExports(dir, date, exportId);
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.INTERNAL,
                    "Cannot write the supplier order files under " + dir + ": " + e.getMessage()
                            + ". Check that the data directory is writable, then export again.",
                    e);
        }
        return result;
    }

    /** The export's transaction: what it records and the hidden files it writes ({@link #export}). */
    private ExportResult exportInTransaction(
            LocalDate date, boolean drafts, java.util.Set<String> resend, Path dir, String exportId) {
        return OrderClaim.refusingConcurrentExports(
                date, () -> warehouse.inTransaction(c -> exportWithin(c, date, drafts, resend, dir, exportId)));
    }

    private ExportResult exportWithin(
            Connection c, LocalDate date, boolean drafts, java.util.Set<String> resend, Path dir, String exportId)
            throws SQLException {
        // two exports at once: the second waits here (PostgreSQL) or fails (DuckDB's conflict), and then reads what
        // the first sent, rather than both finding the same orders not yet sent and writing them twice
        NamedSql.update(
                c,
                "UPDATE purchase_orders SET exported_at = exported_at WHERE business_date = :d AND status = 'approved'",
                Map.of("d", date));
        List<PurchaseOrderSummary> all = NamedSql.query(
                c,
                SELECT + " WHERE po.business_date = :d ORDER BY po.supplier_id, po.po_id",
                Map.of("d", date),
                PurchaseOrders::summary);
        if (all.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "There are no purchase orders for " + date + "; run `stockroom replenish --date " + date
                            + "` first.");
        }
        Map<String, Integer> revisions = new HashMap<>();
        java.util.Set<String> recordedFiles = new java.util.HashSet<>();
        NamedSql.query(
                c,
                "SELECT po_id, COALESCE(export_revision, CASE WHEN exported_at IS NULL THEN 0 ELSE 1 END),"
                        + " export_file FROM purchase_orders WHERE business_date = :d",
                Map.of("d", date),
                rs -> {
                    revisions.put(rs.getString(1), rs.getInt(2));
                    if (rs.getString(3) != null) {
                        recordedFiles.add(rs.getString(3));
                    }
                    return Boolean.TRUE;
                });
        checkResend(date, all, revisions, resend);
        List<String> files = new ArrayList<>();
        long exported = 0;
        long resent = 0;
        long already = 0;
        long skipped = all.stream().filter(o -> "proposed".equals(o.status())).count();
        Instant now = Instant.now();
        try {
            Files.createDirectories(dir);
            for (boolean fin : drafts ? List.of(true, false) : List.of(true)) {
                Map<String, List<PurchaseOrderSummary>> bySupplier = new TreeMap<>();
                all.stream()
                        .filter(o -> o.status().equals(fin ? "approved" : "proposed") && o.units() > 0)
                        .forEach(o -> bySupplier
                                .computeIfAbsent(o.supplierId(), k -> new ArrayList<>())
                                .add(o));
                for (Map.Entry<String, List<PurchaseOrderSummary>> e : bySupplier.entrySet()) {
                    List<PurchaseOrderSummary> orders = e.getValue();
                    if (fin) {
                        // an order sent before is not written again unless asked: a pickup may not
                        // deduplicate
                        orders = orders.stream()
                                .filter(o -> revisions.getOrDefault(o.poId(), 0) == 0 || resend.contains(o.poId()))
                                .toList();
                        already += e.getValue().size() - orders.size();
                        if (orders.isEmpty()) {
                            continue;
                        }
                    }
                    String base = fin
                            ? finalName(dir, fileName(e.getKey()), recordedFiles, files)
                            : fileName(e.getKey()) + ".draft";
                    writeSupplier(c, dir, base, exportId, date, e.getKey(), orders, fin, revisions);
                    files.add(base + ".json");
                    files.add(base + ".csv");
                    if (fin) {
                        for (PurchaseOrderSummary o : orders) {
                            int revision = revisions.getOrDefault(o.poId(), 0);
                            if (revision == 0) {
                                exported++;
                            } else {
                                resent++;
                                Map<String, Object> was = Map.of("revision", revision);
                                Map<String, Object> is = Map.of("revision", revision + 1, "file", base + ".json");
                                AuditLog.write(
                                        c,
                                        CurrentActor.get().name(),
                                        "resend",
                                        "purchase_order",
                                        o.poId(),
                                        was,
                                        is,
                                        1L);
                            }
                            Map<String, Object> p = new HashMap<>();
                            p.put("po", o.poId());
                            p.put("now", Sql.instant(now));
                            p.put("revision", revision + 1);
                            p.put("file", base + ".json");
                            NamedSql.update(c, """
                            UPDATE purchase_orders SET exported_at = CAST(:now AS TIMESTAMP),
                                   export_revision = :revision,
                                   export_file = COALESCE(export_file, CAST(:file AS VARCHAR))
                            WHERE po_id = :po""", p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.INTERNAL,
                    "Cannot write the supplier order files under " + dir + ": " + e.getMessage()
                            + ". Check that the data directory is writable.",
                    e);
        }
        io.stockroom.FaultPoint.reached("orders.export.before-commit");
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("export_id", exportId);
        // relative to the data directory: the audit log is read through the API, which names no server path
        String folder = warehouse.dataDir().relativize(dir).toString();
        after.put("directory", folder);
        after.put("files", files);
        after.put("purchase_orders", exported);
        after.put("resent", resent);
        after.put("already_exported", already);
        after.put("skipped_unapproved", skipped);
        AuditLog.write(
                c,
                CurrentActor.get().name(),
                "export",
                "purchase_orders",
                date.toString(),
                null,
                after,
                exported + resent);
        return new ExportResult(date, dir, folder, files, exported, resent, already, skipped);
    }

    /**
     * An export that failed (a statement, the disk, a conflict) takes its hidden files away at once, unless it committed
     * after all (a commit whose answer was lost): those wait for the next start to name them. Without this they stayed
     * until this process stopped, since the other exports leave alone the files of a process that runs. Best effort: a
     * warehouse or folder it cannot reach leaves them for after this process.
     */
    private void discardUncommitted(Path dir, LocalDate date, String exportId) {
        try {
            List<Part> mine = Files.isDirectory(dir) ? parts(dir).get(exportId) : null;
            if (mine == null || committedExport(date, exportId)) {
                return;
            }
            for (Part p : mine) {
                Files.deleteIfExists(p.file());
            }
        } catch (IOException | RuntimeException unreachable) {
            // settled by the first export of the date after this process stops
        }
    }

    /**
     * Where a supplier file is written until its export commits (a leading dot: pickups skip hidden files), named by its
     * export, so that a start after a kill knows whether the export it belongs to committed, and by this process's key,
     * so that another export knows whether the process writing it still runs.
     */
    private String partName(String name, String exportId) {
        return "." + name + "." + exportId + "." + Long.toHexString(warehouse.processKey()) + ".part";
    }

    /** A part name; the process key is absent from the names of earlier versions (their process has stopped). */
    private static final java.util.regex.Pattern PART =
            java.util.regex.Pattern.compile("\\.(.+)\\.([0-9a-f-]{36})(?:\\.([0-9a-f]{1,16}))?\\.part");

    /** A hidden file of an export: the file it becomes, its export and the key of the process that wrote it. */
    private record Part(Path file, String name, String exportId, Long processKey) {}

    /** The hidden files of a date's folder by export id. */
    private static Map<String, List<Part>> parts(Path dir) throws IOException {
        Map<String, List<Part>> parts = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                java.util.regex.Matcher m = PART.matcher(f.getFileName().toString());
                if (m.matches()) {
                    Long key = m.group(3) == null ? null : Long.parseUnsignedLong(m.group(3), 16);
                    parts.computeIfAbsent(m.group(2), k -> new ArrayList<>())
                            .add(new Part(f, m.group(1), m.group(2), key));
                }
            }
        }
        return parts;
    }

    /** Gives a hidden file of a committed export its name (unless another process did a moment ago). */
    private static void name(Part p) throws IOException {
        try {
            Files.move(
                    p.file(),
                    p.file().resolveSibling(p.name()),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.NoSuchFileException gone) {
            if (!Files.exists(p.file().resolveSibling(p.name()))) {
                throw gone;
            }
        }
    }

    /**
     * The hidden files other exports of the date left in its folder. Those of a process that still runs are left
     * alone: that export is in flight (another request, or another process on PostgreSQL) and names its files itself
     * once it commits. Those of a stopped process are named when their export committed (as a start does) and removed
     * when it did not. Before, an export removed every hidden file but its own, so the files of an export committed a
     * moment before by another request could go before they took their names: the order stayed recorded as sent, and
     * the supplier never got its file.
     */
    private void settleOtherExports(Path dir, LocalDate date, String exportId) throws IOException {
        for (Map.Entry<String, List<Part>> e : parts(dir).entrySet()) {
            Long key = e.getValue().get(0).processKey();
            if (e.getKey().equals(exportId) || warehouse.isAlive(key)) {
                continue;
            }
            boolean committed = committedExport(date, e.getKey());
            for (Part p : e.getValue()) {
                if (committed) {
                    name(p);
                } else {
                    Files.deleteIfExists(p.file());
                }
            }
        }
    }

    /** Whether the export {@code exportId} of {@code date} committed (the audit log has it). */
    private boolean committedExport(LocalDate date, String exportId) {
        return warehouse.withConnection(c -> Sql.on(c)
                        .sql(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity_type = 'purchase_orders' "
                                        + "AND entity_id = ? AND after_value LIKE ?")
                        .param(Sql.text(date.toString()))
                        .param(Sql.text("%" + exportId + "%"))
                        .query(Long.class)
                        .single())
                > 0;
    }

    /** A date whose committed export a stopped process had not finished naming, and the files named now. */
    public record FinishedExport(LocalDate date, List<String> files) {}

    /**
     * Finishes the exports a stopped process committed but had not finished naming (killed between two renames: some
     * suppliers' files final, others still hidden): the hidden files of the date's committed export take their names,
     * and nothing else is rewritten, so every supplier gets its file once. Hidden files of an export that did not commit
     * are left for the next export of the date, which removes them once their process has stopped.
     * Run at every start (crash recovery).
     */
    public List<FinishedExport> finishCommittedExports() {
        Path root = warehouse.dataDir().resolve("exports").resolve("supplier_orders");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<FinishedExport> out = new ArrayList<>();
        try (var dates = Files.list(root)) {
            for (Path dir : dates.filter(Files::isDirectory).sorted().toList()) {
                Map<String, List<Part>> parts = parts(dir);
                if (parts.isEmpty()) {
                    continue;
                }
                LocalDate date;
                try {
                    date = LocalDate.parse(dir.getFileName().toString());
                } catch (java.time.format.DateTimeParseException notADate) {
                    continue;
                }
                Map<String, Object> committed = lastExport(date);
                Object id = committed == null ? null : committed.get("export_id");
                if (id == null || !parts.containsKey(id.toString())) {
                    continue;
                }
                List<String> named = new ArrayList<>();
                for (Part p : parts.get(id.toString())) {
                    name(p);
                    named.add(p.name());
                }
                @SuppressWarnings("unchecked")
                List<String> written = (List<String>) committed.getOrDefault("files", List.of());
                removeOlderDrafts(dir, written);
                out.add(new FinishedExport(date, List.copyOf(named)));
            }
        } catch (IOException e) {
            throw new StockroomException(
                    ErrorCode.INTERNAL,
                    "Cannot finish the supplier order files under " + root + ": " + e.getMessage()
                            + ". Check that the data directory is writable, then export again.",
                    e);
        }
        return out;
    }

    /** The after-value of the date's last committed export (its id and files), or null when it was never exported. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> lastExport(LocalDate date) {
        String json = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT after_value FROM audit_log WHERE action = 'export' AND entity_type = 'purchase_orders' "
                        + "AND entity_id = ? ORDER BY occurred_at DESC LIMIT 1")
                .param(Sql.text(date.toString()))
                .query(String.class)
                .optional()
                .orElse(null));
        return json == null ? null : AuditLog.JSON.readValue(json, Map.class);
    }

    /**
     * A re-send names only approved orders of the date that were exported before: anything else is refused, naming the
     * order, rather than ignored (the buyer would believe it was sent again).
     */
    private static void checkResend(
            LocalDate date,
            List<PurchaseOrderSummary> all,
            Map<String, Integer> revisions,
            java.util.Set<String> resend) {
        for (String po : new java.util.TreeSet<>(resend)) {
            PurchaseOrderSummary order =
                    all.stream().filter(o -> o.poId().equals(po)).findFirst().orElse(null);
            if (order == null) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "resend names " + po + ", which is not a purchase order of " + date
                                + "; name orders of the date being exported");
            }
            if (revisions.getOrDefault(po, 0) == 0) {
                throw new StockroomException(
                        ErrorCode.CONFLICT,
                        "resend names " + po + ", which was never exported (" + order.status()
                                + "); export without resend to send it the first time");
            }
            if (!"approved".equals(order.status()) || order.units() <= 0) {
                throw new StockroomException(
                        ErrorCode.CONFLICT,
                        "resend names " + po + ", which is " + order.status() + " with " + order.units()
                                + " units: only an approved order with units can be sent again");
            }
        }
    }

    /**
     * The name of a supplier's next final file of the date: {supplier} for its first, then {supplier}.2, .3 ... — never
     * a name an earlier export wrote (still in the folder, or taken away by the pickup but recorded) or this one did.
     */
    private static String finalName(
            Path dir, String supplier, java.util.Collection<String> recorded, List<String> written) {
        for (int n = 1; ; n++) {
            String base = n == 1 ? supplier : supplier + "." + n;
            if (!Files.exists(dir.resolve(base + ".json"))
                    && !Files.exists(dir.resolve(base + ".csv"))
                    && !recorded.contains(base + ".json")
                    && !written.contains(base + ".json")) {
                return base;
            }
        }
    }

    /**
     * The folder holds no draft file older than this export: a draft file of an earlier export would still offer an
     * order approved since (and so in the supplier's final file) as a draft, and exports without drafts leave none.
     * The final files of earlier exports stay as they were written: what was sent.
     */
    private static void removeOlderDrafts(Path dir, List<String> written) throws IOException {
        try (var older = Files.list(dir)) {
            for (Path f : older.filter(f -> {
                        String name = f.getFileName().toString();
                        return (name.endsWith(".draft.json") || name.endsWith(".draft.csv")) && !written.contains(name);
                    })
                    .toList()) {
                Files.delete(f);
            }
        }
    }

    private void writeSupplier(
            Connection c,
            Path dir,
            String base,
            String exportId,
            LocalDate date,
            String supplierId,
            List<PurchaseOrderSummary> orders,
            boolean fin,
            Map<String, Integer> revisions)
            throws SQLException, IOException {
        boolean resend = false;
        List<Map<String, Object>> jsonOrders = new ArrayList<>();
        List<List<Object>> csvRows = new ArrayList<>();
        for (PurchaseOrderSummary o : orders) {
            // 1: the first time the supplier gets it; more: the buyer sent it again (the same order, not a new one)
            int revision = revisions.getOrDefault(o.poId(), 0) + 1;
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Object[] l : NamedSql.query(c, """
                    SELECT l.store_id, l.sku, sp.supplier_sku, pr.name, l.final_qty, l.case_pack, l.unit_cost
                    FROM replenishment_lines l
                    LEFT JOIN supplier_products sp ON sp.sku = l.sku AND sp.supplier_id = l.supplier_id
                    LEFT JOIN products pr ON pr.sku = l.sku
                    WHERE l.po_id = :po AND l.status <> 'rejected' AND l.final_qty > 0
                    ORDER BY l.store_id, l.sku""", Map.of("po", o.poId()), rs -> new Object[] {
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getInt(6),
                rs.getBigDecimal(7)
            })) {
                long qty = (Long) l[4];
                int pack = (Integer) l[5];
                BigDecimal cost = (BigDecimal) l[6];
                long cases = (qty + pack - 1) / pack;
                BigDecimal lineCost = cost == null
                        ? null
                        : cost.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("store_id", l[0]);
                line.put("sku", l[1]);
                line.put("supplier_sku", l[2]);
                line.put("name", l[3]);
                line.put("quantity", qty);
                line.put("case_pack", pack);
                line.put("cases", cases);
                line.put("unit_cost", cost);
                line.put("line_cost", lineCost);
                lines.add(line);
                csvRows.add(List.of(
                        o.poId(),
                        date.toString(),
                        supplierId,
                        nz(l[0]),
                        nz(l[1]),
                        nz(l[2]),
                        nz(l[3]),
                        qty,
                        pack,
                        cases,
                        cost == null ? "" : cost,
                        lineCost == null ? "" : lineCost,
                        fin ? revision : ""));
            }
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("po_id", o.poId());
            order.put("store_id", o.storeId());
            order.put("status", o.status());
            order.put("approved_by", o.decidedBy());
            order.put("units", o.units());
            order.put("cases", o.cases());
            order.put("cost", o.cost());
            if (fin) {
                order.put("revision", revision);
                resend |= revision > 1;
            }
            order.put("lines", lines);
            jsonOrders.add(order);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("business_date", date.toString());
        doc.put("supplier_id", supplierId);
        doc.put("supplier_name", orders.get(0).supplierName());
        doc.put("status", fin ? "final" : "draft");
        if (fin) {
            doc.put("resend", resend);
        }
        doc.put(
                "generated_at",
                java.time.Instant.now().toString()); // an instant (UTC, Z): a supplier reads it anywhere
        doc.put("purchase_orders", jsonOrders);
        Files.writeString(
                dir.resolve(partName(base + ".json", exportId)),
                AuditLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve(partName(base + ".csv", exportId)),
                CsvCells.write(CSV_HEADER, csvRows),
                StandardCharsets.UTF_8);
    }

    /** The columns of a downloaded order file, one row per line that will be ordered. */
    static final List<String> DOWNLOAD_HEADER = List.of(
            "po_id",
            "business_date",
            "supplier_id",
            "supplier_name",
            "store_id",
            "store_name",
            "sku",
            "supplier_sku",
            "name",
            "quantity",
            "case_pack",
            "cases",
            "unit_cost",
            "line_cost");

    static final List<String> DOWNLOAD_FORMATS = List.of("csv", "json", "xlsx");

    /**
     * The approved orders of the date (of one supplier, or all) as a file the browser downloads: CSV, JSON (one document
     * per supplier, as the export writes) or XLSX (one sheet per supplier). A read: nothing is marked exported.
     */
    public Download download(LocalDate date, String supplier, String format) {
        String fmt = format == null || format.isBlank() ? "csv" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!DOWNLOAD_FORMATS.contains(fmt)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'format' must be csv, json or xlsx, got '" + format + "'.");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("d", date);
        p.put("supplier", supplier);
        List<List<Object>> rows =
                warehouse.withConnection(c -> NamedSql.query(c, """
                SELECT po.po_id, po.business_date, po.supplier_id, su.name, l.store_id, st.name, l.sku, sp.supplier_sku, pr.name,
                       l.final_qty, l.case_pack, l.unit_cost
                FROM purchase_orders po
                JOIN replenishment_lines l ON l.po_id = po.po_id AND l.business_date = po.business_date
                LEFT JOIN suppliers su ON su.supplier_id = po.supplier_id
                LEFT JOIN stores st ON st.store_id = l.store_id
                LEFT JOIN supplier_products sp ON sp.sku = l.sku AND sp.supplier_id = l.supplier_id
                LEFT JOIN products pr ON pr.sku = l.sku
                WHERE po.business_date = :d AND po.status = 'approved' AND l.status <> 'rejected' AND l.final_qty > 0
                  AND (CAST(:supplier AS VARCHAR) IS NULL OR po.supplier_id = CAST(:supplier AS VARCHAR))""" + NamedSql.scope("l.store_id", p) + """
                 ORDER BY po.supplier_id, po.po_id, l.store_id, l.sku""", p, rs -> {
                    long qty = rs.getLong(10);
                    int pack = rs.getInt(11);
                    BigDecimal cost = rs.getBigDecimal(12);
                    List<Object> row = new ArrayList<>();
                    row.add(rs.getString(1));
                    row.add(rs.getDate(2).toLocalDate());
                    for (int i = 3; i <= 9; i++) {
                        row.add(rs.getString(i));
                    }
                    row.add(qty);
                    row.add(pack);
                    row.add((qty + pack - 1) / pack);
                    row.add(cost);
                    row.add(
                            cost == null
                                    ? null
                                    : cost.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP));
                    return row;
                }));
        if (rows.isEmpty()) {
            throw new StockroomException(
                    ErrorCode.NOT_FOUND,
                    "No approved purchase order " + (supplier == null ? "" : "of supplier '" + supplier + "' ")
                            + "orders anything on " + date
                            + ": approve the orders first (POST /api/v1/purchase-orders/{id}/approve).");
        }
        String base = "purchase-orders-" + date + (supplier == null ? "" : "-" + fileName(supplier));
        return switch (fmt) {
            case "csv" ->
                new Download(
                        base + ".csv",
                        "text/csv;charset=UTF-8",
                        CsvCells.write(
                                        DOWNLOAD_HEADER,
                                        rows.stream()
                                                .map(r -> r.stream()
                                                        .map(PurchaseOrders::nz)
                                                        .toList())
                                                .toList())
                                .getBytes(StandardCharsets.UTF_8));
            case "json" ->
                new Download(
                        base + ".json",
                        "application/json",
                        AuditLog.JSON
                                .writerWithDefaultPrettyPrinter()
                                .writeValueAsBytes(Map.of(
                                        "business_date",
                                        date.toString(),
                                        "status",
                                        "final",
                                        "suppliers",
                                        jsonBySupplier(rows))));
            default -> {
                Map<String, List<List<Object>>> bySupplier = new java.util.LinkedHashMap<>();
                rows.forEach(r -> bySupplier
                        .computeIfAbsent(
                                r.get(3) == null ? (String) r.get(2) : (String) r.get(3), k -> new ArrayList<>())
                        .add(r));
                yield new Download(
                        base + ".xlsx",
                        Spreadsheets.XLSX,
                        Spreadsheets.xlsx(bySupplier.entrySet().stream()
                                .map(e -> new Spreadsheets.Sheet(e.getKey(), DOWNLOAD_HEADER, e.getValue()))
                                .toList()));
            }
        };
    }

    /** Rows of {@link #DOWNLOAD_HEADER} as supplier documents, each with its orders and their lines. */
    private static List<Map<String, Object>> jsonBySupplier(List<List<Object>> rows) {
        Map<String, Map<String, Object>> suppliers = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Object>> orders = new HashMap<>();
        for (List<Object> r : rows) {
            Map<String, Object> sup = suppliers.computeIfAbsent((String) r.get(2), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("supplier_id", r.get(2));
                m.put("supplier_name", r.get(3));
                m.put("purchase_orders", new ArrayList<Map<String, Object>>());
                return m;
            });
            Map<String, Object> order = orders.computeIfAbsent((String) r.get(0), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("po_id", r.get(0));
                m.put("lines", new ArrayList<Map<String, Object>>());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> list = (List<Map<String, Object>>) sup.get("purchase_orders");
                list.add(m);
                return m;
            });
            Map<String, Object> line = new LinkedHashMap<>();
            for (int i = 4; i < DOWNLOAD_HEADER.size(); i++) {
                line.put(DOWNLOAD_HEADER.get(i), r.get(i));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> lines = (List<Map<String, Object>>) order.get("lines");
            lines.add(line);
        }
        return new ArrayList<>(suppliers.values());
    }

    /** Supplier ids come from feeds: keep file names to letters, digits, dot, dash and underscore. */
    static String fileName(String supplierId) {
        String s = supplierId.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    static PurchaseOrderDetail detail(Connection c, String poId) throws SQLException {
        Map<String, Object> p = new HashMap<>(Map.of("po", poId));
        List<PurchaseOrderSummary> found = NamedSql.query(
                c, SELECT + " WHERE po.po_id = :po" + NamedSql.scope("po.store_id", p), p, PurchaseOrders::summary);
        if (found.isEmpty()) {
            throw AskedById.notHeld(
                    "purchase order '" + poId + "'",
                    "Purchase order '" + poId + "' does not exist; list them with GET /api/v1/purchase-orders?date=...",
                    "Your stores' orders: GET /api/v1/purchase-orders?date=...");
        }
        List<PurchaseOrderLine> lines = NamedSql.query(
                c,
                """
                SELECT l.id, l.store_id, l.sku, pr.name, sp.supplier_sku, l.abc_class, l.recommended_qty, l.final_qty, l.case_pack,
                       l.unit_cost, l.status, l.exception
                FROM replenishment_lines l
                LEFT JOIN products pr ON pr.sku = l.sku
                LEFT JOIN supplier_products sp ON sp.sku = l.sku AND sp.supplier_id = l.supplier_id
                WHERE l.po_id = :po ORDER BY l.store_id, l.sku""",
                Map.of("po", poId),
                rs -> new PurchaseOrderLine(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getInt(9),
                        rs.getBigDecimal(10),
                        rs.getString(11),
                        rs.getString(12)));
        return new PurchaseOrderDetail(found.get(0), lines);
    }

    private static PurchaseOrderSummary summary(ResultSet rs) throws SQLException {
        List<String> flags = new ArrayList<>();
        if (rs.getBoolean("below_min")) {
            flags.add("BELOW_MIN_ORDER_VALUE");
        }
        if (rs.getBoolean("topped_up")) {
            flags.add("TOPPED_UP");
        }
        return new PurchaseOrderSummary(
                rs.getString("po_id"),
                rs.getDate("business_date").toLocalDate(),
                rs.getString("supplier_id"),
                rs.getString("supplier_name"),
                rs.getString("store_id"),
                rs.getString("store_name"),
                rs.getString("status"),
                rs.getLong("lines"),
                rs.getLong("units"),
                rs.getLong("cases"),
                rs.getBigDecimal("cost"),
                rs.getBigDecimal("min_order_value"),
                flags,
                rs.getString("decided_by"),
                time(rs, "decided_at"),
                rs.getString("decision_reason"),
                time(rs, "exported_at"));
    }

    /** Decisions and exports are kept as UTC date-times (Sql.instant). */
    private static Instant time(ResultSet rs, String column) throws SQLException {
        return Sql.instant(rs, column);
    }

    private static Object nz(Object o) {
        return o == null ? "" : o;
    }

    private static Map<String, Object> state(PurchaseOrderSummary o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", o.status());
        m.put("lines", o.lines());
        m.put("units", o.units());
        m.put("cost", o.cost());
        m.put("reason", o.decisionReason());
        return m;
    }
}
