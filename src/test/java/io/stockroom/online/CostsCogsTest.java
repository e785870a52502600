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
            load(w, "costs", LocalDate.of(2026, 1, 1), "sku,valid_from,valid_to,unit_cost\nA,2026-01-10,,2.50\nB,2026-01-01,2026-01-05,8.00\n");
            load(w, "sales", null, "store_id,sku,business_date,units_sold,total_sales\nS1,A,2026-01-05,2,10.00\nS1,B,2026-01-05,1,20.00\n"
                    + "S1,A,2026-01-12,2,10.00\nS1,B,2026-01-12,1,20.00\n");
            new ModelRunner(w.warehouse).rebuildAll();
            // 01-05: A at its product cost 2 x 2.00, B at the costs feed's 8.00; 01-12: A at 2 x 2.50, B has no cost any more
            assertThat(new RetailFixture(w.warehouse).rows("SELECT business_date, sku, cogs, gross_margin FROM mart_sales_daily ORDER BY business_date, sku"))
                    .containsExactly(
                            List.of("2026-01-05", "A", "4.00", "6.00"),
                            List.of("2026-01-05", "B", "8.00", "12.00"),
                            List.of("2026-01-12", "A", "5.00", "5.00"),
                            List.of("2026-01-12", "B", "null", "null"));
        }
    }

    private void load(TestWarehouse w, String dataset, LocalDate date, String csv) throws IOException {
        Path f = dir.resolve(dataset + ".csv");
        Files.writeString(f, csv);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(dataset + ".csv", dataset, date, "cli"));
        assertThat(r.status()).as("%s: %s", dataset, r.summary()).isEqualTo(FeedStatus.TRANSFORMED);
    }
}
