package io.stockroom.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promotion calendar through the real ingest: aliases, every store by default, upsert by key, bad rows quarantined. */
class PromotionsDatasetTest {

    @TempDir
    Path dir;

    TestWarehouse w;

    @BeforeEach
    void masterData() throws IOException {
        w = new TestWarehouse(dir.resolve("data"));
        TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n"));
        TestWarehouse.ok(w.load(
                dir,
                "products.csv",
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n"
                        + "B,Banana,Fresh,Fruit,0.20,0.40\n"));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void aCalendarLoadsWithEveryStoreByDefaultAndBadRowsAreQuarantinedWithTheirReason() throws IOException {
        FeedResult r = w.load(dir, "promotions.csv", """
                Item,Store,Promo Start,Promo End,Type,Discount
                A,,2026-12-10,2026-12-16,promotion,20
                B,S2,2026-12-01,2026-12-14,limited_time_offer,
                A,S1,2026-12-20,2026-12-19,promotion,10
                Z,S1,2026-12-20,2026-12-26,promotion,10
                B,S9,2026-12-20,2026-12-26,promotion,10
                B,S1,2026-12-20,2026-12-26,flash_sale,10
                B,S1,2027-01-05,2027-01-11,promotion,150
                """, 0.9);
        assertThat(r.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(r.recordsLoaded()).isEqualTo(2);
        assertThat(quarantinedCodes(r))
                .containsExactlyInAnyOrder(
                        "END_BEFORE_START",
                        "UNKNOWN_SKU",
                        "UNKNOWN_STORE_ID",
                        "UNKNOWN_PROMOTION_KIND",
                        "DISCOUNT_OUT_OF_RANGE");
        assertThat(w.string("SELECT store_id || ' ' || kind || ' ' || CAST(end_date AS VARCHAR) || ' '"
                        + " || CAST(CAST(discount_percent AS INTEGER) AS VARCHAR) FROM promotions WHERE sku = 'A'"))
                .isEqualTo("* promotion 2026-12-16 20");

        // the calendar arrives again when it changes: the same promotion (sku, store, start) is replaced, not doubled
        TestWarehouse.ok(w.load(
                dir,
                "promotions_2.csv",
                "sku,store_id,start_date,end_date,discount_percent\nA,,2026-12-10,2026-12-20,25\n"));
        assertThat(w.count("SELECT COUNT(*) FROM promotions")).isEqualTo(2);
        assertThat(w.string("SELECT CAST(end_date AS VARCHAR) FROM promotions WHERE sku = 'A'"))
                .isEqualTo("2026-12-20");
    }

    private List<String> quarantinedCodes(FeedResult r) {
        return w.strings("SELECT UNNEST(json_extract_string(reasons, '$[*].code')) FROM quarantine WHERE feed_id = '"
                + r.feedId() + "'");
    }
}
