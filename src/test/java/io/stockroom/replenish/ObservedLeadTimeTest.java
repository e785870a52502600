package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import io.stockroom.pipeline.DailySteps;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.RunStore;
import io.stockroom.pipeline.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observed lead times (issue 13): the receipts loaded by the daily run fill supplier_lead_times as of the business
 * date, and the policy and its explanation use them. Worked by hand:
 * <ul>
 *   <li>P1 (SUP1) has five usable receipts with lead times 4, 6, 4, 6, 5 d: mean 5, sample sd 1. Left out: one received
 *       after the business date, one received before it was ordered, one without an order date.</li>
 *   <li>P2 (SUP1) has one receipt of 11 d: under the minimum of 5, so it takes the supplier's figures over all six
 *       receipts 4, 6, 4, 6, 5, 11: mean 6, sample variance (4 + 0 + 4 + 0 + 1 + 25) / 5 = 6.8.</li>
 *   <li>P3 (SUP2) has no receipts: its configured lead time (3 d) and no spread stay.</li>
 * </ul>
 * P1: d = 10, σ = 2 (8 and 12 alternating), L = 5 (observed), R = 7 (no order days), P = 12, class A z = 2.054:
 * SS = z·√(P·σ² + d²·σL²) = 2.054 × √(12 × 4 + 100 × 1) = 2.054 × √148 = 24.99; S = 10 × 12 + 24.99 = 144.99
 * (4 weeks of supply by rule, so no cap); on hand 20 → need 124.99 → 125.
 * P3: L = 3, P = 10: SS = 2.054 × 2 × √10 = 12.99.
 */
class ObservedLeadTimeTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5);

    @TempDir
    Path dir;

    @Test
    void receiptsLoadedByTheRunGiveTheObservedLeadTimeAndItsSpread() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            Chain chain = new Chain(w.warehouse);
            chain.store("S1").supplier("SUP1", 3, null, null).supplier("SUP2", 3, null, null);
            for (String sku : List.of("P1", "P2", "P3")) {
                chain.product(sku, "Dairy", 5)
                        .supplies(sku.equals("P3") ? "SUP2" : "SUP1", sku, 1, null, 2.5, null)
                        .history("S1", sku, D, alternating(8, 12, 28), 5, 20);
                chain.rule("*", sku, null, null, null, 4.0);
            }
            drop(w, D, "receipts.csv", """
                    po_id,sku,store_id,supplier_id,ordered_date,promised_date,received_date,quantity_ordered,quantity_received
                    PO1,P1,S1,SUP1,2026-01-01,2026-01-04,2026-01-05,10,10
                    PO2,P1,S1,SUP1,2026-01-10,2026-01-13,2026-01-16,10,10
                    PO3,P1,S1,SUP1,2026-01-20,2026-01-23,2026-01-24,10,10
                    PO4,P1,S1,,2026-02-01,2026-02-04,2026-02-07,10,10
                    PO5,P1,S1,SUP1,2026-02-10,2026-02-13,2026-02-15,10,8
                    PO6,P2,S1,SUP1,2026-02-12,2026-02-15,2026-02-23,10,10
                    PO7,P1,S1,SUP1,2026-03-01,2026-03-04,2026-03-20,10,10
                    PO8,P1,S1,SUP1,2026-02-20,2026-02-23,2026-02-18,10,10
                    PO9,P1,S1,SUP1,,2026-02-23,2026-02-25,10,10
                    """);
            ReplenishmentService replenishment =
                    new ReplenishmentService(w.warehouse, ReplenishmentProperties.defaults());
            PipelineService pipeline = new PipelineService(
                    w.ingest,
                    w.contracts,
                    w.warehouse,
                    new RunStore(w.warehouse),
                    DailySteps.of(new ModelRunner(w.warehouse), replenishment),
                    w.properties);

            RunResult run = pipeline.run(D, Trigger.CLI);
            assertThat(run.status()).as(run.toString()).isIn("succeeded", "incomplete");

            List<Map<String, Object>> observed =
                    chain.rows("SELECT supplier_id, sku, mean_days, sd_days, receipts, source, basis, as_of "
                            + "FROM supplier_lead_times ORDER BY supplier_id, sku");
            assertThat(observed).hasSize(2);
            assertThat(observed.get(0))
                    .containsEntry("sku", "P1")
                    .containsEntry("receipts", 5)
                    .containsEntry("basis", "supplier_sku")
                    .containsEntry("source", "receipts");
            assertThat((Double) observed.get(0).get("mean_days")).isCloseTo(5.0, within(1e-9));
            assertThat((Double) observed.get(0).get("sd_days")).isCloseTo(1.0, within(1e-9));
            assertThat(observed.get(1))
                    .containsEntry("sku", "P2")
                    .containsEntry("receipts", 6)
                    .containsEntry("basis", "supplier");
            assertThat((Double) observed.get(1).get("mean_days")).isCloseTo(6.0, within(1e-9));
            assertThat((Double) observed.get(1).get("sd_days")).isCloseTo(Math.sqrt(6.8), within(1e-9));

            LineValues p1 = chain.line(D, "S1", "P1");
            assertThat(p1.leadTimeDays()).isEqualTo(5);
            assertThat(p1.leadTimeSource()).isEqualTo("receipts");
            assertThat(p1.coverDays()).isEqualTo(12);
            assertThat(p1.leadTimeSd()).isEqualTo(1.0);
            assertThat(p1.safetyStockCalc()).isEqualByComparingTo("24.99");
            assertThat(p1.orderUpTo()).isEqualByComparingTo("144.99");
            assertThat(p1.finalQty()).isEqualTo(125);
            assertThat(Explanation.texts(p1))
                    .anySatisfy(t ->
                            assertThat(t).contains("lead time L = 5 d (observed: mean of the supplier's receipts"));
            assertThat(Explanation.texts(p1))
                    .anySatisfy(
                            t -> assertThat(t)
                                    .contains(
                                            "SS = z·√(P·σ² + d²·σL²) with the observed lead-time spread σL = 1 d: 2.054 × √(12 × 2² + 10² × 1²) = 24.99"));
            assertThat(PolicyCheck.problems(p1)).isEmpty();

            LineValues p2 = chain.line(D, "S1", "P2");
            assertThat(p2.leadTimeDays()).isEqualTo(6);
            assertThat(p2.leadTimeSd()).isCloseTo(Math.sqrt(6.8), within(1e-9));

            LineValues p3 = chain.line(D, "S1", "P3");
            assertThat(p3.leadTimeDays()).isEqualTo(3);
            assertThat(p3.leadTimeSource()).isEqualTo("supplier");
            assertThat(p3.leadTimeSd()).isNull();
            assertThat(p3.safetyStockCalc()).isEqualByComparingTo("12.99");
        }
    }

    /**
     * One stray receipt cannot dominate the spread. P1 has 20 receipts of 3, 4, 5, 4, ... d (five of 3, ten of 4,
     * five of 5: mean 4, sample sd √(10/19) = 0.7255) and one of 112 d (a PO ordered months earlier). Taken as they
     * are, the 21 give mean 9.14 and σL = √(233490/420) = 23.58: L = 9, P = 16, SS = 2.054 × √(16 × 2² + 10² ×
     * 23.58²) = 484.57, and S = d·L + SS = 574.57 (the lead-time floor above the 4-week cap) — 555 units ordered for an
     * item selling 10 a day. The rule: with at least 8 receipts, a receipt outside Q1 − 3·IQR .. Q3 + 3·IQR (nearest-rank
     * quartiles, IQR at least 1 d) is left out. Here Q1 = 4 (rank 6 of 21), Q3 = 5 (rank 16), the fences 1 and 8 d, so
     * the 112-day receipt is out: L = 4, σL = 0.7255, P = 11, SS = 2.054 × √(11 × 2² + 10² × 0.7255²) = 20.19, S =
     * 110 + 20.19 = 130.19, on hand 20 → 111.
     */
    @Test
    void aStrayReceiptFarOutsideThePairsOthersIsLeftOutAndNamed() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            Chain chain = new Chain(w.warehouse);
            chain.store("S1").supplier("SUP1", 3, null, null);
            chain.product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 1, null, 2.5, null)
                    .history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
            chain.rule("*", "P1", null, null, null, 4.0);
            StringBuilder csv = new StringBuilder(
                    "po_id,sku,store_id,supplier_id,ordered_date,promised_date,received_date,quantity_ordered,quantity_received\n");
            int[] days = {3, 4, 5, 4};
            for (int i = 0; i < 20; i++) {
                LocalDate ordered = LocalDate.of(2026, 1, 1).plusDays(2L * i);
                csv.append("PO")
                        .append(i)
                        .append(",P1,S1,SUP1,")
                        .append(ordered)
                        .append(',')
                        .append(ordered.plusDays(3))
                        .append(',')
                        .append(ordered.plusDays(days[i % 4]))
                        .append(",10,10\n");
            }
            csv.append("PO99,P1,S1,SUP1,2025-10-01,2025-10-04,2026-01-21,10,10\n"); // 112 days
            drop(w, D, "receipts.csv", csv.toString());
            PipelineService pipeline = new PipelineService(
                    w.ingest,
                    w.contracts,
                    w.warehouse,
                    new RunStore(w.warehouse),
                    DailySteps.of(
                            new ModelRunner(w.warehouse),
                            new ReplenishmentService(w.warehouse, ReplenishmentProperties.defaults())),
                    w.properties);
            assertThat(pipeline.run(D, Trigger.CLI).status()).isIn("succeeded", "incomplete");

            Map<String, Object> observed = chain.rows("SELECT mean_days, sd_days, receipts FROM supplier_lead_times")
                    .getFirst();
            assertThat(observed).containsEntry("receipts", 20);
            assertThat((Double) observed.get("mean_days")).isCloseTo(4.0, within(1e-9));
            assertThat((Double) observed.get("sd_days")).isCloseTo(Math.sqrt(10.0 / 19), within(1e-9));
            assertThat(chain.rows(
                            "SELECT outliers, outlier_min_days, outlier_max_days, fence_low_days, fence_high_days "
                                    + "FROM supplier_lead_times"))
                    .containsExactly(Map.of(
                            "outliers", 1,
                            "outlier_min_days", 112,
                            "outlier_max_days", 112,
                            "fence_low_days", 1,
                            "fence_high_days", 8));

            LineValues p1 = chain.line(D, "S1", "P1");
            assertThat(p1.leadTimeDays()).isEqualTo(4);
            assertThat(p1.coverDays()).isEqualTo(11);
            assertThat(p1.safetyStockCalc()).isEqualByComparingTo("20.19");
            assertThat(p1.orderUpTo()).isEqualByComparingTo("130.19");
            assertThat(p1.finalQty()).isEqualTo(111);
            assertThat(Explanation.texts(p1))
                    .anySatisfy(t -> assertThat(t)
                            .contains("lead time L = 4 d (observed: mean of the supplier's receipts, rounded; 1 receipt"
                                    + " of 112 d left out as an outlier, beyond Q3 + 3·IQR = 8 d)"));
            assertThat(PolicyCheck.problems(p1)).isEmpty();
        }
    }

    /** As of an earlier date only the receipts received by then count: too few, so nothing is observed and L stays. */
    @Test
    void anEarlierBusinessDateSeesOnlyTheReceiptsReceivedByThen() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            Chain chain = new Chain(w.warehouse);
            chain.store("S1").supplier("SUP1", 3, null, null);
            LocalDate early = LocalDate.of(2026, 1, 20);
            chain.product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 1, null, 2.5, null)
                    .history("S1", "P1", early, alternating(8, 12, 28), 5, 20);
            chain.exec("INSERT INTO supplier_lead_times (supplier_id, sku, mean_days, sd_days, receipts, source) "
                    + "VALUES ('SUP1', 'P9', 9, 2, 3, 'receipts')"); // measured for a later date: replaced by
            // this run's observation
            drop(w, early, "receipts.csv", """
                    po_id,sku,store_id,supplier_id,ordered_date,promised_date,received_date,quantity_ordered,quantity_received
                    PO1,P1,S1,SUP1,2026-01-01,2026-01-04,2026-01-05,10,10
                    PO2,P1,S1,SUP1,2026-01-10,2026-01-13,2026-01-16,10,10
                    PO3,P1,S1,SUP1,2026-01-20,2026-01-23,2026-01-24,10,10
                    """);
            PipelineService pipeline = new PipelineService(
                    w.ingest,
                    w.contracts,
                    w.warehouse,
                    new RunStore(w.warehouse),
                    DailySteps.of(
                            new ModelRunner(w.warehouse),
                            new ReplenishmentService(w.warehouse, ReplenishmentProperties.defaults())),
                    w.properties);
            assertThat(pipeline.run(early, Trigger.CLI).status()).isIn("succeeded", "incomplete");
            assertThat(chain.count("SELECT COUNT(*) FROM supplier_lead_times")).isZero();
            LineValues p1 = chain.line(early, "S1", "P1");
            assertThat(p1.leadTimeDays()).isEqualTo(3);
            assertThat(p1.leadTimeSource()).isEqualTo("supplier");
        }
    }

    private static void drop(TestWarehouse w, LocalDate date, String name, String content) throws IOException {
        Path folder = Files.createDirectories(w.properties.resolvedDropDir().resolve(date.toString()));
        Files.writeString(folder.resolve(name), content);
    }
}
