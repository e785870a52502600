package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Online page's top SKUs leave out the same lines as the sales marts (docs/metrics.md): the codes of the
 * {@code non_merchandise_codes} table, including one the retailer added, unless the product master sells a product
 * under that code.
 */
class PulseTopSkusTest {

    @TempDir
    Path dir;

    @Test
    void aProductSoldUnderAnAdjustmentCodeIsRankedAndARetailerAddedFeeCodeIsNot() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            TestWarehouse.ok(w.load(dir, "products.csv", """
                    sku,name,unit_cost,unit_price
                    S,Silk scarf,10.00,40.00
                    MUG,Mug,2.00,8.00
                    """));
            // S is a scarf here, not a "sample" adjustment; WRAP is the retailer's own gift-wrap fee
            TestWarehouse.ok(w.load(dir, "non_merchandise_codes.csv", """
                    code,kind,description
                    WRAP,fee,Gift wrapping
                    """));
            TestWarehouse.ok(w.load(dir, "orders.csv", """
                    order_id,ordered_at,customer_id,sku,quantity,unit_price
                    O1,2026-01-05 10:00:00,C1,S,2,40.00
                    O1,2026-01-05 10:00:00,C1,WRAP,1,50.00
                    O1,2026-01-05 10:00:00,C1,POST,1,60.00
                    O2,2026-01-06 10:00:00,C2,MUG,3,8.00
                    """));
            ModelRunner models = new ModelRunner(w.warehouse);
            models.rebuildAll();
            OnlineAnalytics online = new OnlineAnalytics(
                    w.warehouse,
                    models,
                    new OnlineProperties(new BigDecimal("10000000"), List.of()),
                    new io.stockroom.arrivals.ExpectedArrivals(
                            w.warehouse, w.contracts, io.stockroom.arrivals.ArrivalsProperties.defaults()));

            var pulse = online.pulse(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 6));

            // the scarf 2 x 40 = 80, the mugs 3 x 8 = 24; the wrapping fee and the postage are not products
            assertThat(pulse.topSkus()).extracting(OnlineReports.TopSku::sku).containsExactly("S", "MUG");
            assertThat(pulse.topSkus().get(0).revenue()).isEqualByComparingTo("80.00");

            // units count the products too, as the channel split's online units do: a postage line is not a unit sold
            assertThat(online.metrics("units", LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 6), "daily", null, null)
                            .data())
                    .extracting(p ->
                            p.period() + " " + p.value().stripTrailingZeros().toPlainString())
                    .containsExactly("2026-01-05 2", "2026-01-06 3");
        }
    }
}
