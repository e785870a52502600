package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static io.stockroom.replenish.Chain.constant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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

    /**
     * A slow mover's ordinary day is no spike. Five single units in the 27 days before D (mean 0.185, σ 0.389): the
     * normal rule's mean + 3σ is 1.35, so a day of 2 units passed it, yet a Poisson count at 0.2 a day reaches 2 on 1.75 %
     * of days. Both must be rare now (SpikeLevels: at 0.2 a day, P(X ≥ 3) = 0.115 % is under 3σ's 0.135 %, P(X ≥ 2) is
     * not), so 2 units is not a spike and 3 is.
     */
    @Test
    void aSlowMoversDayOfTwoUnitsIsNoSpikeButThreeIs() {
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").supplier("SUP1", 3, "MON", null);
            chain.product("FILL", "Dairy", 5)
                    .supplies("SUP1", "FILL", 1, null, 1.0, null)
                    .history("S1", "FILL", D, constant(5, 28), 5, 100);
            for (String sku : List.of("TWO", "THREE")) {
                int[] units = new int[28];
                for (int day : new int[] {2, 8, 13, 19, 24}) {
                    units[day] = 1;
                }
                units[27] = sku.equals("TWO") ? 2 : 3;
                chain.product(sku, "Dairy", 5)
                        .supplies("SUP1", sku, 1, null, 1.0, null)
                        .history("S1", sku, D, units, 5, 20);
            }

            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
            Views.ExceptionPage spikes =
                    new ReplenishmentExceptions(chain.warehouse).list(D, "DEMAND_SPIKE", null, 100, 0);
            assertThat(spikes.items()).singleElement().satisfies(e -> {
                assertThat(e.sku()).isEqualTo("THREE");
                assertThat(e.detail())
                        .startsWith("Sold 3.00 on the business date against a mean of 0.19 + 3.0 x sigma 0.39 over the"
                                + " other in-stock days, and 3 or more units a day has a chance of at most 0.135 % at that"
                                + " mean (Poisson)");
            });
        }
    }

    /**
     * A store's busy Saturday is not a spike of every item. The store sells 40 units of its bulk item on Saturdays and
     * 20 on other days, so its Saturday index over the 8 weeks before D is (40 + 8) / (160/7 + 8) = 1.56. An item that
     * sells 4 a day and 12 this Saturday passed the plain rule (Poisson at 4 a day: 12 or more has a chance of 0.09 %),
     * but at 4 × 1.56 = 6.2 a day 12 is ordinary; 30 is still a spike, and its detail names the index.
     */
    @Test
    void aStoresUsualSaturdayIsNoSpikeButAnOutlierStillIs() {
        LocalDate saturday = LocalDate.of(2026, 3, 7);
        assertThat(saturday.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.SATURDAY);
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").supplier("SUP1", 3, "MON", null);
            int days = 63;
            int[] bulk = new int[days];
            for (int i = 0; i < days; i++) {
                bulk[i] = saturday.minusDays(days - 1L - i).getDayOfWeek() == java.time.DayOfWeek.SATURDAY ? 40 : 20;
            }
            chain.product("BULK", "Dairy", 1)
                    .supplies("SUP1", "BULK", 1, null, 0.5, null)
                    .history("S1", "BULK", saturday, bulk, 1, 500);
            for (String sku : List.of("SAT", "OUTLIER")) {
                int[] units = constant(4, days);
                units[days - 1] = sku.equals("SAT") ? 12 : 30;
                chain.product(sku, "Dairy", 5)
                        .supplies("SUP1", sku, 1, null, 1.0, null)
                        .history("S1", sku, saturday, units, 5, 100);
            }
            new io.stockroom.model.ModelRunner(chain.warehouse).rebuildAll();

            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults())
                    .run(saturday, Optional.empty());
            Views.ExceptionPage spikes =
                    new ReplenishmentExceptions(chain.warehouse).list(saturday, "DEMAND_SPIKE", null, 100, 0);
            assertThat(spikes.items()).singleElement().satisfies(e -> {
                assertThat(e.sku()).isEqualTo("OUTLIER");
                assertThat(e.detail())
                        .startsWith(
                                "Sold 30.00 on the business date against a mean of 6.22 + 3.0 x sigma 0.00 over the"
                                        + " other in-stock days (4.00 x 1.56 for this weekday at the store), and 16 or more units");
            });
        }
    }

    /** The levels against the Poisson tail summed directly: the smallest x whose P(X ≥ x) is under 3σ's 0.135 %. */
    @Test
    void theSpikeLevelIsTheFirstCountAsRareAsThreeSigmas() {
        double chance = SpikeLevels.chance(3);
        assertThat(chance).isCloseTo(0.0013499, org.assertj.core.data.Offset.offset(1e-7));
        for (int tenths : new int[] {0, 2, 10, 55, 100, 600}) {
            double mean = tenths / 10.0;
            int x = SpikeLevels.minUnits(tenths, chance);
            assertThat(poissonTail(mean, x)).as("P(X >= %d) at %s", x, mean).isLessThanOrEqualTo(chance);
            if (x > 0) {
                assertThat(poissonTail(mean, x - 1))
                        .as("P(X >= %d) at %s", x - 1, mean)
                        .isGreaterThan(chance);
            }
        }
        assertThat(SpikeLevels.minUnits(2, chance)).isEqualTo(3);
        assertThat(SpikeLevels.minUnits(0, chance)).isEqualTo(1);
        assertThat(SpikeLevels.levels(3)).hasSize(SpikeLevels.MAX_TENTHS + 1).startsWith(1, 3);
    }

    /** P(X ≥ x) for X Poisson with this mean, as 1 − the sum of the probabilities below x, each from its own factorial. */
    private static double poissonTail(double mean, int x) {
        double below = 0;
        for (int k = 0; k < x; k++) {
            double factorial = 1;
            for (int j = 2; j <= k; j++) {
                factorial *= j;
            }
            below += Math.exp(-mean) * Math.pow(mean, k) / factorial;
        }
        return 1 - below;
    }
}
