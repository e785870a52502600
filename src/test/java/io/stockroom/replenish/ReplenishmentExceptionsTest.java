package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static io.stockroom.replenish.Chain.constant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exception report: one case per code, in the API shape and as CSV. */
class ReplenishmentExceptionsTest {

    static final LocalDate D = ReplenishmentPolicyTest.D;

    @TempDir
    Path dir;

    @Test
    void reportsEveryKindOfProblemOfARun() {
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").store("S2").store("S3").supplier("SUP1", 3, "MON", null);
            chain.product("P1", "Dairy", 5)
                    .supplies("SUP1", "P1", 12, null, null, null)
                    .productFlag("P1", "unit_cost", null)
                    .history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
            chain.product("NEG", "Dairy", 5)
                    .supplies("SUP1", "NEG", 1, null, 1.0, null)
                    .history("S1", "NEG", D, constant(2, 28), 5, -3);
            int[] spike = constant(10, 28);
            spike[27] = 60;
            chain.product("SPK", "Dairy", 5)
                    .supplies("SUP1", "SPK", 1, null, 1.0, null)
                    .history("S1", "SPK", D, spike, 5, 100);
            chain.product("NOS", "Dairy", 5).history("S1", "NOS", D, constant(2, 28), 5, 1);
            chain.product("UNR", "Dairy", 5)
                    .supplies("SUP1", "UNR", 1, null, 1.0, null)
                    .sale("S1", "UNR", D, 4, 20);
            chain.product("OLD", "Dairy", 5)
                    .supplies("SUP1", "OLD", 1, null, 1.0, null)
                    .history("S2", "OLD", D.minusDays(3), constant(2, 10), 5, 1);
            chain.sale("S3", "P1", D, 1, 5);

            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
            ReplenishmentExceptions report = new ReplenishmentExceptions(chain.warehouse);
            Views.ExceptionPage page = report.list(D, null, null, 100, 0);
            assertThat(page.counts())
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                            "MISSING_COST",
                            1L,
                            "NEGATIVE_ON_HAND",
                            1L,
                            "DEMAND_SPIKE",
                            1L,
                            "NO_SUPPLIER",
                            1L,
                            "SALES_WITHOUT_INVENTORY",
                            1L,
                            "STALE_INVENTORY",
                            2L));
            assertThat(page.items()).anySatisfy(e -> {
                assertThat(e.code()).isEqualTo("DEMAND_SPIKE");
                assertThat(e.sku()).isEqualTo("SPK");
                assertThat(e.detail())
                        .startsWith("Sold 60.00 on the business date against a mean of 10.00 + 3.0 x sigma 0.00");
            });
            assertThat(page.items()).anySatisfy(e -> {
                assertThat(e.code()).isEqualTo("STALE_INVENTORY");
                assertThat(e.storeId()).isEqualTo("S2");
                assertThat(e.value()).isEqualByComparingTo("3");
            });
            assertThat(page.items()).anySatisfy(e -> {
                assertThat(e.code()).isEqualTo("STALE_INVENTORY");
                assertThat(e.storeId()).isEqualTo("S3");
                assertThat(e.detail()).startsWith("The store has sales but no inventory snapshot at all");
            });
            // the negative on hand counts as 0 in the position, and says so
            LineValues neg = chain.line(D, "S1", "NEG");
            assertThat(neg.position()).isEqualByComparingTo("0");
            assertThat(Explanation.texts(neg)).anyMatch(t -> t.contains("(negative on hand -3 counted as 0)"));
            assertThat(report.list(D, "NO_SUPPLIER", null, 100, 0).items())
                    .singleElement()
                    .satisfies(e -> assertThat(e.sku()).isEqualTo("NOS"));
            String csv = report.csv(D, "NEGATIVE_ON_HAND", null);
            assertThat(csv.lines().toList())
                    .containsExactly(
                            "business_date,code,store_id,sku,supplier_id,value,detail",
                            "2026-03-05,NEGATIVE_ON_HAND,S1,NEG,,-3,On hand is -3.000 on 2026-03-05; counted as 0 in the inventory position. "
                                    + "Count the item and correct the stock record.");
        }
    }
}
