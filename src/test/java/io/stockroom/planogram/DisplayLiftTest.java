package io.stockroom.planogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.TestWarehouse;
import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import io.stockroom.demo.GeneratedChain;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Display lift: the method on a worked example, and on the demo chain, whose displays sell +50 % by construction. */
class DisplayLiftTest {

    @TempDir
    Path dir;

    /** The worked example of docs/planogram.md. */
    @Test
    void theWorkedExampleGivesTheDocumentedNumbers() {
        double[] testPre = {10, 12, 8, 10};
        double[] testDisplay = {16, 18, 14, 16};
        double[] controlPre = {5, 6, 4, 5};
        double[] controlDisplay = {5.5, 6.5, 4.5, 5.5};
        LiftMath.Estimate e = LiftMath.estimate(testPre, testDisplay, controlPre, controlDisplay);
        // baseline = 40 x 22 / 20 = 44 units; lift = 64 / 44 = 1.4545 (+45.5 %); 20 incremental units
        assertThat(e.method()).isEqualTo("did");
        assertThat(e.baseline()).isCloseTo(44.0, within(1e-9));
        assertThat(e.lift()).isCloseTo(64.0 / 44.0, within(1e-9));
        assertThat(e.incremental()).isCloseTo(20.0, within(1e-9));
        // the interval: SE of the mean daily ln((test+0.5)/(control+0.5)), display minus pre, = 0.0194; Welch df 3.2 ->
        // t 3.182
        assertThat(e.low()).isCloseTo(1.3674, within(0.0001));
        assertThat(e.high()).isCloseTo(1.5472, within(0.0001));
        assertThat(e.low()).isLessThan(e.lift());
        assertThat(e.high()).isGreaterThan(e.lift());

        // without a control store: the store's own pre-period scaled to the display's days
        LiftMath.Estimate own = LiftMath.estimate(testPre, testDisplay, null, null);
        assertThat(own.method()).isEqualTo("pre_period");
        assertThat(own.baseline()).isCloseTo(40.0, within(1e-9));
        assertThat(own.lift()).isCloseTo(1.6, within(1e-9));

        // nothing sold before: no baseline, no uplift (never a division by zero dressed up as a number)
        assertThat(LiftMath.estimate(new double[] {0, 0}, testDisplay, controlPre, controlDisplay)
                        .lift())
                .isNull();
    }

    @Test
    void theAnalysisRecoversTheDemoChainsPlantedUpliftWithinItsInterval() {
        LocalDate end = LocalDate.of(2026, 5, 31);
        GeneratedChain chain =
                new ChainGenerator().generate(new ChainSpec(11, 8, 2, 150, 4, 60, end), dir.resolve("drop"));
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            List<Path> files = w.ingest.inLoadOrder(chain.files().stream()
                    .filter(f -> List.of("stores.csv", "products.csv", "displays.csv", "sales.csv")
                            .contains(f.getFileName().toString()))
                    .toList());
            for (Path f : files) {
                w.ingest.ingest(f, IngestRequest.of(f.getFileName().toString(), null, null, "cli"));
            }
            ModelRunner runner = new ModelRunner(w.warehouse);
            runner.rebuildAll();
            PlanogramProperties settings = PlanogramProperties.DEFAULTS;
            DisplayLift lift = new DisplayLift(
                    w.warehouse,
                    runner,
                    new PlanogramService(w.warehouse, runner, settings, java.time.ZoneOffset.UTC),
                    settings);
            DisplayLift.Report r = lift.report(chain.firstDate(), end, null);
            // a reversed period answered an empty report, which reads as "no display then"
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lift.report(end, chain.firstDate(), null))
                    .hasMessageContaining("swap them");

            assertThat(r.displays()).hasSize(16);
            assertThat(r.displays()).allSatisfy(d -> {
                assertThat(d.method()).isEqualTo("did");
                assertThat(d.controlStores()).isGreaterThanOrEqualTo(5);
                assertThat(d.preDays()).isEqualTo(14);
                assertThat(d.upliftPct()).isNotNull();
            });
            long covering = r.displays().stream()
                    .filter(d -> d.lowPct() <= 50 && d.highPct() >= 50)
                    .count();
            assertThat(covering)
                    .as("95 %% intervals that contain the planted +50 %%: %s", r.displays())
                    .isGreaterThanOrEqualTo(13);
            assertThat(r.all().lowPct()).as("pooled: %s", r.all()).isLessThanOrEqualTo(50.0);
            assertThat(r.all().highPct()).as("pooled: %s", r.all()).isGreaterThanOrEqualTo(50.0);
            assertThat(r.all().upliftPct()).isBetween(35.0, 65.0);
            assertThat(r.all().incrementalUnits()).isPositive();
            assertThat(r.byType())
                    .extracting(DisplayLift.Rollup::value)
                    .containsExactlyInAnyOrder("end_cap", "floor_stack", "promo_bay");

            DisplayLift.Display first = r.displays().get(0);
            DisplayLift.Series s = lift.series(first.storeId(), first.sku(), first.startDate());
            assertThat(s.points()).hasSize(first.preDays() + first.daysWithData());
            assertThat(s.points().stream()
                            .filter(p -> p.period().equals("display"))
                            .mapToDouble(DisplayLift.Point::units)
                            .sum())
                    .isCloseTo(first.displayUnits(), within(1e-6));
            // the series is the same numbers as SQL over the facts
            double sql = Double.parseDouble(w.string("SELECT SUM(units_sold) FROM sales WHERE store_id = '"
                    + first.storeId() + "' AND sku = '" + first.sku() + "' AND business_date BETWEEN DATE '"
                    + first.startDate() + "' AND DATE '" + first.endDate() + "'"));
            assertThat(first.displayUnits()).isCloseTo(sql, within(1e-6));
        }
    }
}
