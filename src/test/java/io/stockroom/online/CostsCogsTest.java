package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import io.stockroom.testdata.RetailFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COGS in the sales marts takes the costs feed's cost valid on the day, and the product's unit_cost when none is. */
class CostsCogsTest {

    @TempDir
    Path dir;

    @Test
    void theCostValidOnTheDayWinsOverTheProductCost() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            load(w, "stores", LocalDate.of(2026, 1, 1), "store_id,name\nS1,One\n");
            load(w, "products", LocalDate.of(2026, 1, 1), "sku,name,unit_cost\nA,Apple,2.00\nB,Bulb,\n");
            // A costs 2.50 from 01-10 on; B costs 8.00 from 01-01 until 01-05 only
            load(
                    w,
                    "costs",
                    LocalDate.of(2026, 1, 1),
                    "sku,valid_from,valid_to,unit_cost\nA,2026-01-10,,2.50\nB,2026-01-01,2026-01-05,8.00\n");
            load(
                    w,
                    "sales",
                    null,
                    "store_id,sku,business_date,units_sold,total_sales\nS1,A,2026-01-05,2,10.00\nS1,B,2026-01-05,1,20.00\n"
                            + "S1,A,2026-01-12,2,10.00\nS1,B,2026-01-12,1,20.00\n");
            new ModelRunner(w.warehouse).rebuildAll();
            // 01-05: A at its product cost 2 x 2.00, B at the costs feed's 8.00; 01-12: A at 2 x 2.50, B has no cost
            // any more
            assertThat(
                            new RetailFixture(w.warehouse)
                                    .rows(
                                            "SELECT business_date, sku, cogs, gross_margin FROM mart_sales_daily ORDER BY business_date, sku"))
                    .containsExactly(
                            List.of("2026-01-05", "A", "4.00", "6.00"),
                            List.of("2026-01-05", "B", "8.00", "12.00"),
                            List.of("2026-01-12", "A", "5.00", "5.00"),
                            List.of("2026-01-12", "B", "null", "null"));
        }
    }

    /**
     * The feed summary's COGS and margin cost each row as the marts do (issue 13). Sales: A on 01-05 at its product cost 2 x 2.00 = 4,
     * B on 01-05 at the costs feed's 8.00, A on 01-12 at 2 x 2.50 = 5, B on 01-12 has no cost (its cost ended 01-05, no unit_cost), C
     * has no cost anywhere. COGS 17 over the costed revenue 10 + 20 + 10 = 40: margin 23, 57.5 %. Two rows and two products
     * (B, C) have no cost, and the summary warns naming them. Web orders the same way: A on 01-12 costs 3 x 2.50 = 7.50 of 12.
     */
    @Test
    void theFeedSummaryCostsRowsAtTheCostsFeedAndWarnsAboutProductsWithoutAnyCost() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            load(w, "stores", LocalDate.of(2026, 1, 1), "store_id,name\nS1,One\n");
            load(w, "products", LocalDate.of(2026, 1, 1), "sku,name,unit_cost\nA,Apple,2.00\nB,Bulb,\nC,Cable,\n");
            load(
                    w,
                    "costs",
                    LocalDate.of(2026, 1, 1),
                    "sku,valid_from,valid_to,unit_cost\nA,2026-01-10,,2.50\nB,2026-01-01,2026-01-05,8.00\n");
            FeedResult sales = load(
                    w,
                    "sales",
                    null,
                    "store_id,sku,business_date,units_sold,total_sales\nS1,A,2026-01-05,2,10.00\n"
                            + "S1,B,2026-01-05,1,20.00\nS1,A,2026-01-12,2,10.00\nS1,B,2026-01-12,1,20.00\nS1,C,2026-01-12,1,5.00\n");
            var m = sales.summary().metrics();
            assertThat(m.cogs()).isEqualTo(17.0);
            assertThat(m.costedRevenue()).isEqualTo(40.0);
            assertThat(m.margin()).isEqualTo(23.0);
            assertThat(m.marginPct()).isEqualTo(57.5);
            assertThat(m.missingProductCost()).isEqualTo(2L);
            assertThat(sales.summary().issues())
                    .filteredOn(i -> i.code().equals("PRODUCTS_WITHOUT_COST"))
                    .singleElement()
                    .satisfies(i -> {
                        assertThat(i.type()).isEqualTo("warn");
                        assertThat(i.rows()).isEqualTo(2);
                        assertThat(i.message())
                                .startsWith("2 products in this file have no cost")
                                .contains("(e.g. B, C)");
                    });

            FeedResult orders = load(
                    w,
                    "orders",
                    LocalDate.of(2026, 1, 12),
                    "order_id,ordered_at,sku,quantity,unit_price\n" + "W1,2026-01-12 10:00:00,A,3,4.00\n");
            assertThat(orders.summary().metrics().cogs()).isEqualTo(7.5);
            assertThat(orders.summary().metrics().margin()).isEqualTo(4.5);
            assertThat(orders.summary().issues()).noneMatch(i -> i.code().equals("PRODUCTS_WITHOUT_COST"));
        }
    }

    /**
     * A sales file that arrives after a product's cost changed is costed at the cost its days had, as the marts cost it:
     * A cost 2.00 until the products file of 01-10 set 3.00, and the 01-05 sales (2 units) arrive after that, so their
     * COGS is 4.00, not 6.00. B had no cost on 01-05 (the master gave it 1.50 only from 01-10): it is warned about.
     */
    @Test
    void aLateSalesFileIsCostedAtTheProductMasterAsOfItsDays() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            load(w, "stores", LocalDate.of(2026, 1, 1), "store_id,name\nS1,One\n");
            load(w, "products", LocalDate.of(2026, 1, 1), "sku,name,unit_cost\nA,Apple,2.00\nB,Bulb,\n");
            load(w, "products", LocalDate.of(2026, 1, 10), "sku,name,unit_cost\nA,Apple,3.00\nB,Bulb,1.50\n");
            FeedResult sales = load(
                    w,
                    "sales",
                    null,
                    "store_id,sku,business_date,units_sold,total_sales\nS1,A,2026-01-05,2,10.00\nS1,B,2026-01-05,1,4.00\n");
            assertThat(sales.summary().metrics().cogs()).isEqualTo(4.0);
            assertThat(sales.summary().metrics().missingProductCost()).isEqualTo(1L);
            assertThat(sales.summary().issues())
                    .filteredOn(i -> i.code().equals("PRODUCTS_WITHOUT_COST"))
                    .singleElement()
                    .satisfies(i -> assertThat(i.message()).contains("(e.g. B)"));
            new ModelRunner(w.warehouse).rebuildAll();
            assertThat(
                            new RetailFixture(w.warehouse)
                                    .rows(
                                            "SELECT sku, cogs FROM mart_sales_daily WHERE business_date = DATE '2026-01-05' ORDER BY sku"))
                    .containsExactly(List.of("A", "4.00"), List.of("B", "null"));
        }
    }

    private FeedResult load(TestWarehouse w, String dataset, LocalDate date, String csv) throws IOException {
        Path f = dir.resolve(dataset + ".csv");
        Files.writeString(f, csv);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(dataset + ".csv", dataset, date, "cli"));
        assertThat(r.status()).as("%s: %s", dataset, r.summary()).isEqualTo(FeedStatus.TRANSFORMED);
        return r;
    }
}
