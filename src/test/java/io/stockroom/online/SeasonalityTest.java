package io.stockroom.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.model.ModelRunner;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Category trends over 30 and 90 days and weekday / monthly seasonal indexes, worked by hand; too short a history says how long is needed. */
class SeasonalityTest {

    @TempDir
    Path dir;

    /**
     * 60 days (2026-01-01 .. 03-01): Fruit sells 100 a day for 30 days then 150, Veg 50 every day. Last 30 days: Fruit 4,500
     * against 3,000 before = +50 %, Veg 1,500 against 1,500 = 0 %. The 90-day trend needs 180 days: not available, saying so;
     * monthly indexes need 365 days.
     */
    @Test
    void categoryTrendsOver30DaysAndNotAvailableOver90() throws IOException {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            OnlineAnalytics online =
                    load(w, LocalDate.of(2026, 1, 1), 60, d -> d.isBefore(LocalDate.of(2026, 1, 31)) ? 100 : 150);
            OnlineReports.Seasonality s = online.seasonality();
            assertThat(s.asOf()).isEqualTo(LocalDate.of(2026, 3, 1));
            assertThat(s.historyDays()).isEqualTo(60);
            assertThat(s.categories())
                    .extracting(OnlineReports.CategoryTrend::category)
                    .containsExactly("Fruit", "Veg");
            OnlineReports.CategoryTrend fruit = s.categories().get(0);
            assertThat(fruit.sales30d()).isEqualByComparingTo("4500");
            assertThat(fruit.salesPrevious30d()).isEqualByComparingTo("3000");
            assertThat(fruit.trend30dPct().value()).isEqualByComparingTo("50");
            assertThat(fruit.sales90d()).isEqualByComparingTo("7500");
            assertThat(fruit.salesPrevious90d()).isNull();
            assertThat(fruit.trend90dPct().value()).isNull();
            assertThat(fruit.trend90dPct().unavailable())
                    .isEqualTo("not available: needs 180 days of sales history, there are 60");
            assertThat(s.categories().get(1).trend30dPct().value()).isEqualByComparingTo("0");
            assertThat(s.weekday().unavailable()).isNull();
            assertThat(s.weekday().indexes())
                    .hasSize(7)
                    .allSatisfy(i -> assertThat(i.days()).isEqualTo(8)); // 8 whole weeks
            assertThat(s.monthly().indexes()).isEmpty();
            assertThat(s.monthly().unavailable())
                    .isEqualTo("not available: monthly indexes need 365 days of sales history, there are 60");
        }
    }

    /**
     * 28 days from Monday 2026-02-02, Fruit only: weekdays 100 (Veg 0), Saturday 200, Sunday 300. The average day is
     * (5 x 100 + 200 + 300) / 7 = 142.857: Monday .. Friday 100 / 142.857 = 0.7, Saturday 1.4, Sunday 2.1.
     * With one day less (27) the weekday indexes are not available: they need 28 days.
     */
    @Test
    void weekdayIndexesFromFourWholeWeeks() throws IOException {
        Function<LocalDate, Integer> pattern =
                d -> d.getDayOfWeek() == DayOfWeek.SATURDAY ? 200 : d.getDayOfWeek() == DayOfWeek.SUNDAY ? 300 : 100;
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w28"))) {
            OnlineReports.SeasonalIndexes weekday = load(w, LocalDate.of(2026, 2, 2), 28, pattern, false)
                    .seasonality()
                    .weekday();
            assertThat(weekday.unavailable()).isNull();
            assertThat(weekday.indexes())
                    .extracting(
                            OnlineReports.SeasonalIndex::label,
                            i -> i.index().stripTrailingZeros().toPlainString(),
                            OnlineReports.SeasonalIndex::days)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Monday", "0.7", 4),
                            org.assertj.core.groups.Tuple.tuple("Tuesday", "0.7", 4),
                            org.assertj.core.groups.Tuple.tuple("Wednesday", "0.7", 4),
                            org.assertj.core.groups.Tuple.tuple("Thursday", "0.7", 4),
                            org.assertj.core.groups.Tuple.tuple("Friday", "0.7", 4),
                            org.assertj.core.groups.Tuple.tuple("Saturday", "1.4", 4),
                            org.assertj.core.groups.Tuple.tuple("Sunday", "2.1", 4));
            assertThat(weekday.indexes().get(6).meanSales()).isEqualByComparingTo("300");
        }
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w27"))) {
            OnlineReports.SeasonalIndexes weekday = load(w, LocalDate.of(2026, 2, 2), 27, pattern, false)
                    .seasonality()
                    .weekday();
            assertThat(weekday.indexes()).isEmpty();
            assertThat(weekday.unavailable())
                    .isEqualTo("not available: weekday indexes need 28 days of sales history, there are 27");
        }
    }

    private OnlineAnalytics load(TestWarehouse w, LocalDate first, int days, Function<LocalDate, Integer> fruit)
            throws IOException {
        return load(w, first, days, fruit, true);
    }

    /** Fruit (SKU A) sells fruit.apply(day) a day at 1.00; with veg, Veg (SKU B) 50 a day. */
    private OnlineAnalytics load(
            TestWarehouse w, LocalDate first, int days, Function<LocalDate, Integer> fruit, boolean veg)
            throws IOException {
        ingest(w, "stores", first, "store_id,name\nS1,One\n");
        ingest(w, "products", first, "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Bean,Veg,0.5,1\n");
        StringBuilder sales = new StringBuilder("store_id,sku,business_date,units_sold,total_sales\n");
        for (int i = 0; i < days; i++) {
            LocalDate d = first.plusDays(i);
            sales.append("S1,A,")
                    .append(d)
                    .append(',')
                    .append(fruit.apply(d))
                    .append(',')
                    .append(fruit.apply(d))
                    .append(".00\n");
            if (veg) {
                sales.append("S1,B,").append(d).append(",50,50.00\n");
            }
        }
        ingest(w, "sales", null, sales.toString());
        ModelRunner models = new ModelRunner(w.warehouse);
        models.rebuildAll();
        return new OnlineAnalytics(
                w.warehouse,
                models,
                new OnlineProperties(new BigDecimal("10000000"), List.of()),
                new io.stockroom.arrivals.ExpectedArrivals(
                        w.warehouse, w.contracts, io.stockroom.arrivals.ArrivalsProperties.defaults()));
    }

    private void ingest(TestWarehouse w, String dataset, LocalDate date, String csv) throws IOException {
        Path f = dir.resolve(dataset + ".csv");
        Files.writeString(f, csv);
        FeedResult r = w.ingest.ingest(f, IngestRequest.of(dataset + ".csv", dataset, date, "cli"));
        assertThat(r.status()).as("%s: %s", dataset, r.summary()).isEqualTo(FeedStatus.TRANSFORMED);
    }
}
