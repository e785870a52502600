package io.stockroom.replenish;

import io.stockroom.warehouse.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Tops up purchase orders below the supplier's minimum order value: one case at a time to the PO's A lines with the
 * least cover ((IP + quantity) / d) first, never past the line's hard limit (the lower of a rule max and the shelf's
 * capacity + back room), until the order reaches the minimum. Only proposed
 * orders of the run, only lines no buyer has touched. A PO with no A line to grow keeps its BELOW_MIN_ORDER_VALUE flag.
 */
final class TopUp {

    private static final int MAX_CASES_PER_ORDER = 100_000;

    private TopUp() {}

    private static final class Candidate {
        final long id;
        final String poId;
        final long qty;
        final int casePack;
        final BigDecimal unitCost;
        final BigDecimal position;
        final BigDecimal rate;
        final BigDecimal hardMax;
        final String sku;
        long added;

        Candidate(java.sql.ResultSet rs) throws SQLException {
            id = rs.getLong("id");
            poId = rs.getString("po_id");
            qty = rs.getLong("after_cap");
            casePack = rs.getInt("case_pack");
            unitCost = rs.getBigDecimal("unit_cost");
            position = rs.getBigDecimal("position");
            rate = rs.getBigDecimal("demand_rate");
            BigDecimal ruleMax = rs.getBigDecimal("rule_max");
            BigDecimal shelfMax = rs.getBigDecimal("shelf_max");
            hardMax = ruleMax == null ? shelfMax : shelfMax == null ? ruleMax : ruleMax.min(shelfMax);
            sku = rs.getString("sku");
        }

        double cover() {
            return position.add(BigDecimal.valueOf(qty + added)).doubleValue() / rate.doubleValue();
        }

        boolean canGrow() {
            return hardMax == null
                    || position.add(BigDecimal.valueOf(qty + added + casePack)).compareTo(hardMax) <= 0;
        }
    }

    /** Returns the number of lines topped up. */
    static long apply(Connection c, LocalDate d) throws SQLException {
        Map<String, BigDecimal[]> orders = new HashMap<>();
        for (Object[] po : NamedSql.query(c, """
                SELECT po_id, cost, min_order_value FROM purchase_orders
                WHERE business_date = :d AND status = 'proposed' AND below_min""", Map.of("d", d), rs ->
                new Object[] {rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3)})) {
            orders.put((String) po[0], new BigDecimal[] {(BigDecimal) po[1], (BigDecimal) po[2]});
        }
        if (orders.isEmpty()) {
            return 0;
        }
        List<Candidate> candidates = NamedSql.query(c, """
                SELECT l.id, l.po_id, l.sku, l.after_cap, l.case_pack, l.unit_cost, l.position, l.demand_rate, l.rule_max,
                       l.shelf_max
                FROM replenishment_lines l
                JOIN purchase_orders po ON po.po_id = l.po_id
                WHERE l.business_date = :d AND po.status = 'proposed' AND po.below_min
                  AND l.abc_class = 'A' AND l.exception IS NULL AND l.status = 'proposed' AND l.override_qty IS NULL
                  AND l.after_cap > 0 AND l.unit_cost > 0 AND l.demand_rate > 0""", Map.of("d", d), Candidate::new);
        Map<String, List<Candidate>> byOrder = new HashMap<>();
        candidates.forEach(
                x -> byOrder.computeIfAbsent(x.poId, k -> new ArrayList<>()).add(x));
        List<Candidate> changed = new ArrayList<>();
        Comparator<Candidate> leastCover =
                Comparator.comparingDouble(Candidate::cover).thenComparing(x -> x.sku);
        for (Map.Entry<String, List<Candidate>> e : byOrder.entrySet()) {
            BigDecimal cost = orders.get(e.getKey())[0];
            BigDecimal min = orders.get(e.getKey())[1];
            PriorityQueue<Candidate> queue = new PriorityQueue<>(leastCover);
            e.getValue().stream().filter(Candidate::canGrow).forEach(queue::add);
            int cases = 0;
            while (cost.compareTo(min) < 0 && !queue.isEmpty() && cases++ < MAX_CASES_PER_ORDER) {
                Candidate x = queue.poll();
                x.added += x.casePack;
                cost = cost.add(x.unitCost.multiply(BigDecimal.valueOf(x.casePack)));
                if (x.canGrow()) {
                    queue.add(x);
                }
            }
            e.getValue().stream().filter(x -> x.added > 0).forEach(changed::add);
        }
        Sql.template(c)
                .batchUpdate(
                        "UPDATE replenishment_lines SET top_up = ?, recommended_qty = after_cap + ?, final_qty = after_cap + ? WHERE id = ?",
                        changed,
                        changed.size(),
                        (ps, x) -> {
                            ps.setLong(1, x.added);
                            ps.setLong(2, x.added);
                            ps.setLong(3, x.added);
                            ps.setLong(4, x.id);
                        });
        return changed.size();
    }
}
