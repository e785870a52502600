package io.stockroom.replenish;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.replenish.Views.BulkDecision;
import io.stockroom.replenish.Views.LineQuery;
import io.stockroom.replenish.Views.RecommendationDetail;
import io.stockroom.replenish.Views.RecommendationItem;
import io.stockroom.replenish.Views.RecommendationPage;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Reading recommendation lines with their explanation, and the buyer's line workflow: override, approve, reject. */
@Service
public final class Recommendations {

    static final Set<String> CLASSES = Set.of("A", "B", "C");
    static final Set<String> EXCEPTIONS =
            Set.of("DNR", "STRIKE", "LTO_ENDS_BEFORE_ARRIVAL", "STALE_INVENTORY", "NEW_ITEM", "LONG_OUT_OF_STOCK");

    private static final String SELECT = """
            SELECT l.*, pr.name AS product_name, su.name AS supplier_name, po.status AS po_status, st.name AS store_name
            FROM replenishment_lines l
            LEFT JOIN products pr ON pr.sku = l.sku
            LEFT JOIN suppliers su ON su.supplier_id = l.supplier_id
            LEFT JOIN stores st ON st.store_id = l.store_id
            LEFT JOIN purchase_orders po ON po.po_id = l.po_id
            """;
    private static final String FILTER = """
            WHERE l.business_date = :d
              AND (CAST(:store AS VARCHAR) IS NULL OR l.store_id = CAST(:store AS VARCHAR))
              AND (CAST(:supplier AS VARCHAR) IS NULL OR l.supplier_id = CAST(:supplier AS VARCHAR))
              AND (CAST(:class AS VARCHAR) IS NULL OR l.abc_class = CAST(:class AS VARCHAR))
              AND (CAST(:exception AS VARCHAR) IS NULL OR l.exception = CAST(:exception AS VARCHAR)
                   OR (CAST(:exception AS VARCHAR) = 'NEW_ITEM' AND l.new_item)
                   OR (CAST(:exception AS VARCHAR) = 'LONG_OUT_OF_STOCK' AND NOT l.new_item AND l.long_days IS NOT NULL))
            """;
    /** The lines a buyer works through: still proposed (review), decided by a rule, decided by a buyer. */
    static final Set<String> QUEUES = Set.of("review", "rule", "decided");

    private static final String QUEUE = """
            (CASE WHEN l.status = 'proposed' THEN 'review' WHEN COALESCE(l.decided_by_rule, FALSE) THEN 'rule' ELSE 'decided' END)""";
    /** A line with an exception or a flag a buyer should look at before deciding (see {@link #flags}). */
    private static final String ATTENTION = """
            (l.exception IS NOT NULL OR l.new_item OR l.long_days IS NOT NULL OR l.on_hand < 0 OR l.sales_missing_days > 0 OR l.unit_cost IS NULL
             OR l.top_up > 0)""";
    /** Lines to review first; among them those that need attention, then the largest order value. */
    private static final String REVIEW_ORDER =
            " ORDER BY CASE " + QUEUE + " WHEN 'review' THEN 0 WHEN 'decided' THEN 1 ELSE 2 END, CASE WHEN " + ATTENTION
                    + " THEN 0 ELSE 1 END, l.final_qty * COALESCE(l.unit_cost, 0) DESC, l.store_id, l.sku";

    static final Set<String> RULE_EXCEPTIONS = Set.of("DNR", "STRIKE", "LTO_ENDS_BEFORE_ARRIVAL");

    private final Warehouse warehouse;

    public Recommendations(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    /** The latest business date with a replenishment run, for requests that name none. */
    public LocalDate latestDate() {
        return warehouse.withConnection(c -> NamedSql.query(
                        c,
                        "SELECT MAX(business_date) FROM replenishment_runs",
                        Map.of(),
                        rs -> rs.getDate(1) == null ? null : rs.getDate(1).toLocalDate())
                .get(0));
    }

    public RecommendationPage list(LineQuery q) {
        if (q.queue() != null && !QUEUES.contains(q.queue())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'queue' must be review, rule or decided, got '" + q.queue() + "'.");
        }
        Map<String, Object> p = params(q);
        p.put("queue", q.queue());
        p.put("limit", q.limit());
        p.put("offset", q.offset());
        return warehouse.withConnection(c -> {
            String filter = FILTER + NamedSql.scope("l.store_id", p);
            Map<String, Long> queues = new LinkedHashMap<>();
            QUEUES.stream().sorted().forEach(k -> queues.put(k, 0L));
            for (Object[] row : NamedSql.query(
                    c,
                    "SELECT " + QUEUE + " AS queue, COUNT(*) FROM replenishment_lines l " + filter + " GROUP BY 1",
                    p,
                    rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
                queues.put((String) row[0], (Long) row[1]);
            }
            String inQueue =
                    filter + " AND (CAST(:queue AS VARCHAR) IS NULL OR " + QUEUE + " = CAST(:queue AS VARCHAR))";
            long total = NamedSql.count(c, "SELECT COUNT(*) FROM replenishment_lines l " + inQueue, p);
            List<RecommendationItem> items = NamedSql.query(
                    c, SELECT + inQueue + REVIEW_ORDER + " LIMIT :limit OFFSET :offset", p, Recommendations::item);
            return new RecommendationPage(q.date(), total, queues, items);
        });
    }

    private static Map<String, Object> params(LineQuery q) {
        if (q.abcClass() != null && !CLASSES.contains(q.abcClass())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Parameter 'class' must be A, B or C, got '" + q.abcClass() + "'.");
        }
        if (q.exception() != null && !EXCEPTIONS.contains(q.exception())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter 'exception' must be one of "
                            + String.join(", ", EXCEPTIONS.stream().sorted().toList()) + ", got '" + q.exception()
                            + "'.");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("d", q.date());
        p.put("store", q.store());
        p.put("supplier", q.supplier());
        p.put("class", q.abcClass());
        p.put("exception", q.exception());
        return p;
    }

    private static RecommendationItem item(java.sql.ResultSet rs) throws SQLException {
        LineValues v = LineValues.of(rs);
        List<String> flags = flags(v);
        boolean attention = v.exception() != null || flags.stream().anyMatch(f -> !f.equals("OVERRIDDEN"));
        java.math.BigDecimal lineCost = v.unitCost() == null
                ? null
                : v.unitCost()
                        .multiply(java.math.BigDecimal.valueOf(v.finalQty()))
                        .setScale(2, java.math.RoundingMode.HALF_UP);
        return new RecommendationItem(
                v.id(),
                v.storeId(),
                rs.getString("store_name"),
                v.sku(),
                rs.getString("product_name"),
                v.supplierId(),
                rs.getString("supplier_name"),
                v.abcClass(),
                v.recommendedQty(),
                v.finalQty(),
                v.unitCost(),
                lineCost,
                v.status(),
                rs.getBoolean("decided_by_rule"),
                attention,
                v.exception(),
                flags,
                v.poId(),
                Explanation.texts(v));
    }

    /**
     * Approves or rejects, in one transaction, every line still to review (proposed, in a proposed order) that matches
     * the filter; lines decided by a rule or a buyer are left as they are. Rejecting needs a reason.
     */
    public BulkDecision decideAll(LineQuery q, String action, String user, String reason) {
        return OrderClaim.refusingConcurrentChanges(
                "an order of these lines", () -> decideEvery(q, action, user, reason));
    }

    private BulkDecision decideEvery(LineQuery q, String action, String user, String reason) {
        if (!"approve".equals(action) && !"reject".equals(action)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER, "Field 'action' must be approve or reject, got '" + action + "'.");
        }
        if ("reject".equals(action) && (reason == null || reason.isBlank())) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Field 'reason' is required to reject lines: say why (it goes to the audit log).");
        }
        String actor = actor(user);
        String status = "approve".equals(action) ? "approved" : "rejected";
        Map<String, Object> p = params(q);
        p.put("status", status);
        p.put("user", actor);
        p.put("action", action);
        p.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        p.put("now", Sql.instant(Instant.now()));
        return warehouse.inTransaction(c -> {
            String matching = FILTER + NamedSql.scope("l.store_id", p) + " AND l.status = 'proposed'";
            OrderClaim.claimOrdersOf(c, matching, p);
            String open = matching
                    + " AND l.po_id NOT IN (SELECT po_id FROM purchase_orders WHERE business_date = :d AND status <> 'proposed')";
            NamedSql.update(c, "DROP TABLE IF EXISTS repl_bulk_lines", Map.of());
            NamedSql.update(
                    c,
                    "CREATE TEMP TABLE repl_bulk_lines AS SELECT l.id, l.po_id, l.final_qty FROM replenishment_lines l "
                            + open,
                    p);
            long lines = NamedSql.count(c, "SELECT COUNT(*) FROM repl_bulk_lines", Map.of());
            long pos = NamedSql.count(c, "SELECT COUNT(DISTINCT po_id) FROM repl_bulk_lines", Map.of());
            // one audit row per line, as when an order is decided, then the lines, then the totals of their orders
            AuditTrail.writeEach(c, actor, action, "recommendation", """
                    SELECT CAST(id AS VARCHAR) AS entity_id,
                           '{"status":"proposed","final_qty":' || CAST(final_qty AS VARCHAR) || '}' AS before_value,
                           '{"status":"' || CAST(? AS VARCHAR) || '","final_qty":' || CAST(final_qty AS VARCHAR) || ',"bulk":true}' AS after_value
                    FROM repl_bulk_lines""", status);
            NamedSql.update(c, """
                    UPDATE replenishment_lines SET status = :status, decided_by = :user, decided_at = CAST(:now AS TIMESTAMP),
                           decision_reason = CAST(:reason AS VARCHAR)
                    WHERE id IN (SELECT id FROM repl_bulk_lines)""", p);
            Map<String, Object> totals = new HashMap<>();
            totals.put("d", q.date());
            totals.put("po", null);
            NamedSql.run(c, "po_totals.sql", totals);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", status);
            after.put("lines", lines);
            after.put("purchase_orders", pos);
            after.put("filter", filterSummary(q));
            after.put("reason", p.get("reason"));
            AuditLog.write(c, actor, action, "recommendations", q.date().toString(), null, after, lines);
            NamedSql.update(c, "DROP TABLE IF EXISTS repl_bulk_lines", Map.of());
            return new BulkDecision(q.date(), action, lines, pos);
        });
    }

    private static Map<String, Object> filterSummary(LineQuery q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", q.store());
        m.put("supplier", q.supplier());
        m.put("class", q.abcClass());
        m.put("exception", q.exception());
        return m;
    }

    public RecommendationDetail get(long id) {
        return warehouse.withConnection(c -> detail(c, id));
    }

    /** Sets the quantity a buyer wants, with the reason; the line must still be open (proposed, in a proposed order). */
    public RecommendationDetail override(long id, Long quantity, String reason, String user) {
        return override(id, quantity, reason, user, DEFAULT_MAX_OVERRIDE_MULTIPLE);
    }

    /** The largest override, as a multiple of the larger of the recommended quantity, the case pack and the MOQ. */
    public static final int DEFAULT_MAX_OVERRIDE_MULTIPLE = 10;

    /** As above; a quantity above {@code maxMultiple} × max(recommended, case pack, MOQ) is refused as a typing error. */
    public RecommendationDetail override(long id, Long quantity, String reason, String user, int maxMultiple) {
        return OrderClaim.refusingConcurrentChanges(
                lineAndOrder(id), () -> overrideLine(id, quantity, reason, user, maxMultiple));
    }

    private RecommendationDetail overrideLine(long id, Long quantity, String reason, String user, int maxMultiple) {
        if (quantity == null || quantity < 0) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Field 'quantity' must be a whole number of units, 0 or more, got " + quantity + ".");
        }
        if (reason == null || reason.isBlank()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Field 'reason' is required: say why the quantity changes (it goes to the audit log).");
        }
        String actor = actor(user);
        return warehouse.inTransaction(c -> {
            RecommendationDetail before = claimOpen(c, id, "override", true);
            LineValues v = before.values();
            long base = Math.max(Math.max(v.recommendedQty(), v.casePack()), v.moq() == null ? 1 : v.moq());
            long max = Math.multiplyHigh(base, maxMultiple) != 0 ? Long.MAX_VALUE : base * maxMultiple;
            if (quantity > max) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Field 'quantity' " + quantity + " is more than " + maxMultiple
                                + " times the recommended quantity, case pack or MOQ (at most " + max
                                + " here); check the number, or raise "
                                + "stockroom.security.max-override-multiple.");
            }
            // the smallest quantity above 0 that is both whole cases and at or above the MOQ (an MOQ need not be
            // whole cases): the suggestions below never name a quantity that the other rule would refuse
            long smallest =
                    (Math.max(v.moq() == null ? 0 : v.moq(), 1) + v.casePack() - 1) / v.casePack() * v.casePack();
            if (quantity > 0 && quantity % v.casePack() != 0) {
                long down = quantity / v.casePack() * v.casePack();
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        down + v.casePack() <= smallest && v.moq() != null && v.moq() > v.casePack()
                                ? "Quantity " + quantity + " is not a whole number of cases (case pack " + v.casePack()
                                        + ") at or above the MOQ of " + v.moq() + "; use " + smallest + " or 0."
                                : "Quantity " + quantity + " is not a whole number of cases (case pack " + v.casePack()
                                        + "); use " + (down >= smallest ? down + " or " : "") + (down + v.casePack())
                                        + ".");
            }
            if (quantity > 0 && v.moq() != null && quantity < v.moq()) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Quantity " + quantity + " is below the supplier's MOQ of " + v.moq() + "; order at least "
                                + (smallest == v.moq()
                                        ? String.valueOf(smallest)
                                        : smallest + " (the MOQ in whole cases of " + v.casePack() + ")")
                                + " or 0.");
            }
            // overriding a line a rule decided reopens it: the buyer's quantity now needs the buyer's decision
            NamedSql.update(
                    c,
                    """
                    UPDATE replenishment_lines SET override_qty = :q, override_reason = :reason, overridden_by = :user,
                           overridden_at = CAST(:now AS TIMESTAMP), final_qty = :q,
                           status = CASE WHEN decided_by_rule THEN 'proposed' ELSE status END,
                           decided_by = CASE WHEN decided_by_rule THEN NULL ELSE decided_by END,
                           decided_at = CASE WHEN decided_by_rule THEN NULL ELSE decided_at END,
                           decision_reason = CASE WHEN decided_by_rule THEN NULL ELSE decision_reason END,
                           decided_by_rule = FALSE
                    WHERE id = :id""",
                    Map.of(
                            "q",
                            quantity,
                            "reason",
                            reason.strip(),
                            "user",
                            actor,
                            "id",
                            id,
                            "now",
                            Sql.instant(Instant.now())));
            refreshOrder(c, v);
            RecommendationDetail after = detail(c, id);
            AuditLog.write(
                    c, actor, "override", "recommendation", String.valueOf(id), snapshot(before), snapshot(after), 1L);
            return after;
        });
    }

    public RecommendationDetail approve(long id, String user, String reason) {
        return OrderClaim.refusingConcurrentChanges(
                lineAndOrder(id), () -> decide(id, "approved", "approve", user, reason));
    }

    public RecommendationDetail reject(long id, String user, String reason) {
        return OrderClaim.refusingConcurrentChanges(
                lineAndOrder(id), () -> decide(id, "rejected", "reject", user, reason));
    }

    private static String lineAndOrder(long id) {
        return "recommendation " + id + " or its purchase order";
    }

    private RecommendationDetail decide(long id, String status, String action, String user, String reason) {
        String actor = actor(user);
        return warehouse.inTransaction(c -> {
            RecommendationDetail before = claimOpen(c, id, action, false);
            Map<String, Object> p = new HashMap<>();
            p.put("status", status);
            p.put("user", actor);
            p.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
            p.put("now", Sql.instant(Instant.now()));
            p.put("id", id);
            NamedSql.update(c, """
                    UPDATE replenishment_lines SET status = :status, decided_by = :user, decided_at = CAST(:now AS TIMESTAMP),
                           decision_reason = CAST(:reason AS VARCHAR)
                    WHERE id = :id""", p);
            refreshOrder(c, before.values());
            RecommendationDetail after = detail(c, id);
            AuditLog.write(
                    c, actor, action, "recommendation", String.valueOf(id), snapshot(before), snapshot(after), 1L);
            return after;
        });
    }

    /** The line, when a buyer may still change it, after its order is claimed for this transaction (OrderClaim). */
    private RecommendationDetail claimOpen(Connection c, long id, String action, boolean reopenRuleDecided)
            throws SQLException {
        OrderClaim.claim(c, detail(c, id).poId());
        return open(c, id, action, reopenRuleDecided);
    }

    /**
     * The line, when a buyer may still change it; 404 when it does not exist, 409 when it is decided. A line decided by
     * a rule can still be overridden ({@code reopenRuleDecided}).
     */
    private RecommendationDetail open(Connection c, long id, String action, boolean reopenRuleDecided)
            throws SQLException {
        RecommendationDetail d = detail(c, id);
        if (!"proposed".equals(d.status()) && !(reopenRuleDecided && d.decidedByRule())) {
            throw new StockroomException(
                    ErrorCode.CONFLICT,
                    "Cannot " + action + " recommendation " + id + ": it is already " + d.status()
                            + ". Decided lines are final; ask for a new run of " + d.businessDate()
                            + " only if the order is still proposed.");
        }
        if (d.poStatus() != null && !"proposed".equals(d.poStatus())) {
            throw new StockroomException(
                    ErrorCode.CONFLICT,
                    "Cannot " + action + " recommendation " + id + ": its purchase order " + d.poId() + " is already "
                            + d.poStatus() + ".");
        }
        return d;
    }

    static RecommendationDetail detail(Connection c, long id) throws SQLException {
        Map<String, Object> p = new HashMap<>(Map.of("id", id));
        List<RecommendationDetail> found =
                NamedSql.query(c, SELECT + " WHERE l.id = :id" + NamedSql.scope("l.store_id", p), p, rs -> {
                    LineValues v = LineValues.of(rs);
                    List<String> problems = PolicyCheck.problems(v);
                    return new RecommendationDetail(
                            v.id(),
                            v.businessDate(),
                            v.storeId(),
                            v.sku(),
                            rs.getString("product_name"),
                            v.supplierId(),
                            rs.getString("supplier_name"),
                            v.poId(),
                            rs.getString("po_status"),
                            v.abcClass(),
                            v.recommendedQty(),
                            v.finalQty(),
                            v.status(),
                            rs.getBoolean("decided_by_rule"),
                            v.exception(),
                            flags(v),
                            v,
                            Explanation.steps(v),
                            problems.isEmpty(),
                            problems);
                });
        if (found.isEmpty()) {
            throw AskedById.notHeld(
                    "recommendation " + id,
                    "Recommendation " + id
                            + " does not exist; list them with GET /api/v1/replenishment/recommendations?date=...",
                    "Your stores' lines: GET /api/v1/replenishment/recommendations?date=...");
        }
        return found.get(0);
    }

    static void refreshOrder(Connection c, LineValues v) throws SQLException {
        Map<String, Object> p = new HashMap<>();
        p.put("d", v.businessDate());
        p.put("po", v.poId());
        NamedSql.run(c, "po_totals.sql", p);
    }

    static List<String> flags(LineValues v) {
        List<String> flags = new ArrayList<>();
        if (v.newItem()) {
            flags.add("NEW_ITEM");
        }
        if (v.longOutOfStock()) {
            flags.add("LONG_OUT_OF_STOCK");
        }
        if (v.onHand() != null && v.onHand().signum() < 0) {
            flags.add("NEGATIVE_ON_HAND");
        }
        if (v.salesMissingDays() != null && v.salesMissingDays() > 0) {
            flags.add("SALES_MISSING");
        }
        if (v.unitCost() == null) {
            flags.add("MISSING_COST");
        }
        if (v.topUp() > 0) {
            flags.add("TOPPED_UP");
        }
        if (v.overrideQty() != null) {
            flags.add("OVERRIDDEN");
        }
        return flags;
    }

    static String actor(String user) {
        return user == null || user.isBlank() ? "api" : user.strip();
    }

    private static Map<String, Object> snapshot(RecommendationDetail d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", d.status());
        m.put("recommended_qty", d.recommendedQty());
        m.put("final_qty", d.finalQty());
        m.put("override_qty", d.values().overrideQty());
        m.put("override_reason", d.values().overrideReason());
        m.put("decision_reason", d.values().decisionReason());
        return m;
    }
}
