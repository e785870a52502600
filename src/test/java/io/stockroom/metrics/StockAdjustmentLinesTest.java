package io.stockroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real day of the UCI Online Retail file (2011-02-18, every line unmodified): nine lines at price 0 with no
 * customer are stock adjustments (units written off as damaged or '?', or found), not sales. They are named on the feed,
 * and the Overview's units, baskets and AOV are those of the sales: the nine are kept in the orders, left out of the
 * sales figures.
 */
class StockAdjustmentLinesTest {

    private static final LocalDate DAY = LocalDate.of(2011, 2, 18);

    @TempDir
    Path dataDir;

    private TestWarehouse w;
    private FeedResult feed;
    private MetricsService metrics;

    @BeforeEach
    void load() throws Exception {
        w = new TestWarehouse(dataDir);
        Path file = Path.of(StockAdjustmentLinesTest.class
                .getResource("/real/online_retail_2011-02-18.csv")
                .toURI());
        feed = w.ingest.ingest(file, IngestRequest.of("online_retail_2011-02-18.csv", null, null, "cli"));
        ModelRunner runner = new ModelRunner(w.warehouse);
        runner.rebuildAll();
        metrics = TestMetrics.over(w.warehouse, new Marts(w.warehouse, runner));
    }

    @AfterEach
    void close() {
        w.close();
    }

    @Test
    void theFeedNamesTheLinesAtPriceZero() {
        assertThat(feed.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(feed.summary().issues())
                .filteredOn(i -> i.code().equals("ZERO_PRICE_LINE"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.type()).isEqualTo("warn");
                    assertThat(i.rows()).isEqualTo(9L);
                    assertThat(i.message()).contains("unit_price is 0").contains("not a sale");
                });
        assertThat(w.count("SELECT COUNT(*) FROM orders WHERE unit_price = 0"))
                .as("the lines are kept in the orders")
                .isEqualTo(9);
    }

    @Test
    void unitsWrittenOffAreNotReturns() {
        // 27 cancelled lines (C invoices); the 6 write-offs at price 0 have negative quantities but were never sold
        assertThat(feed.returns()).isEqualTo(27);
    }

    @Test
    void stockAdjustmentsAreNeitherUnitsNorBaskets() {
        KpiReport.Kpis k = metrics.kpi(new DashboardFilter("custom", DAY, DAY, null, null, null, null, null))
                .kpis();

        // python3 over the file: 848 distinct lines; without postage / fee / manual / gift voucher codes and the 9
        // lines at
        // price 0, net sales 15,629.55, units 9,069 (the 9 lines: -1,010 written off, +65 found), 38 invoices with a
        // sold line
        // (41 with the 3 adjustment invoices of found units)
        assertThat(k.netSales().value()).isEqualByComparingTo("15629.55");
        assertThat(k.units().value()).isEqualByComparingTo("9069");
        assertThat(k.transactions().value()).isEqualByComparingTo("38");
        assertThat(k.aov().value()).isEqualByComparingTo("411.30");
    }
}
