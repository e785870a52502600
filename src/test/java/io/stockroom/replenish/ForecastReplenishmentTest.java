package io.stockroom.replenish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stockroom.forecast.ForecastProperties;
import io.stockroom.forecast.ForecastService;
import io.stockroom.forecast.Method;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forecast-driven replenishment (issue 14). The item sells 30 a day Friday to Sunday and 2 Monday to Thursday
 * (8 weeks): the 28-day average is 14 a day. From Thursday 2026-03-05 with lead time 2 and order day MON (R = 4),
 * the cover period is Friday .. Wednesday: the forecast over it is 3 × 30 + 3 × 2 = 96, not d × 6 = 84, and over the
 * lead time (Friday, Saturday) 60, not 28.
 */
class ForecastReplenishmentTest {

    static final LocalDate D = LocalDate.of(2026, 3, 5); // a Thursday

    @TempDir
    Path dir;

    Chain chain;

    @BeforeEach
    void open() {
        chain = new Chain(dir);
        int[] units = new int[56];
        for (int i = 0; i < units.length; i++) {
            DayOfWeek dow = D.minusDays(units.length - 1L - i).getDayOfWeek();
            units[i] = dow == DayOfWeek.FRIDAY || dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 30 : 2;
        }
        chain.store("S1")
                .supplier("SUP1", 2, "MON", null)
                .product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 1, null, 2.5, null)
                .history("S1", "P1", D, units, 5, 10);
    }

    @AfterEach
    void close() {
        chain.close();
    }

    private LineValues run(boolean forecasts, LocalDate d) {
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults(),
                        new ForecastService(ForecastProperties.choosingInTheRun(forecasts)))
                .run(d, Optional.empty());
        return chain.line(d, "S1", "P1");
    }

    @Test
    void theLineUsesTheForecastOverTheCoverPeriodAndSaysWhich() {
        LineValues v = run(true, D);
        assertThat(v.coverDays()).isEqualTo(6);
        assertThat(v.forecastMethod())
                .isIn(Method.SEASONAL_NAIVE.name(), Method.HOLT_WINTERS.name(), Method.HOLT_WINTERS_DAMPED.name());
        assertThat(v.forecastCover().doubleValue()).isCloseTo(96, within(0.5));
        assertThat(v.forecastLead().doubleValue()).isCloseTo(60, within(0.5));
        assertThat(v.forecastRmsse()).isNotNull().isLessThan(0.05); // the pattern repeats exactly
        assertThat(v.s0()).isEqualByComparingTo(v.forecastCover().add(v.safetyStock()));
        assertThat(PolicyCheck.problems(v)).isEmpty();
        assertThat(Explanation.texts(v))
                .anySatisfy(t -> assertThat(t)
                        .startsWith("forecast: "
                                + Method.valueOf(v.forecastMethod()).label() + " (chosen by backtest, RMSSE ")
                        .contains("units over the cover period of 6 d"));
        assertThat(Explanation.texts(v)).anySatisfy(t -> assertThat(t).startsWith("S0 = forecast over 6 d + SS = "));
        assertThat(Explanation.texts(v))
                .anySatisfy(t -> assertThat(t).contains("reorder point s = min(forecast over (L + R) + SS, S)"));

        // the same day with the average: d × 6 = 84 and no forecast named
        LineValues avg = run(false, D);
        assertThat(avg.forecastMethod()).isNull();
        assertThat(avg.s0()).isEqualByComparingTo(new BigDecimal("84").add(avg.safetyStock()));
        assertThat(Explanation.texts(avg)).noneMatch(t -> t.startsWith("forecast:"));
        assertThat(v.orderUpTo()).isGreaterThan(avg.orderUpTo());
    }

    /**
     * A past promotion (days −20..−7) doubled the sales, and one is planned Saturday .. Monday of the cover period: the
     * forecast over the cover period includes it at the learned uplift — ×2 from 14 days, shrunk by K = 7 pseudo-days
     * toward the category's, itself shrunk toward 1, so a little under 2 on each weekday — on a baseline of 15 + 15 + 1
     * = 31 (at ×2 it would be 96 + 62 = 158), and the explanation names it with the window's mean uplift.
     */
    @Test
    void anItemLongOutOfStockUsesItsOwnHistoryAndItsForecastNotItsCategorysRate() {
        // L1 sold 2 a day for months, then was out of stock on 25 of the last 28 days (ReplenishmentPolicyTest): not a
        // new item, so like any item with its own history it takes its forecast (from the in-stock days of its 112-day
        // history) over the cover period, and σ over its 66 in-stock days of the last 91; not P1's 14 a day
        ReplenishmentPolicyTest.longOutOfStockItem(chain, "L1", 1);
        new ReplenishmentService(
                        chain.warehouse,
                        ReplenishmentProperties.defaults(),
                        new ForecastService(ForecastProperties.choosingInTheRun(true)))
                .run(D, Optional.empty());
        LineValues v = chain.line(D, "S1", "L1");
        assertThat(v.newItem()).isFalse();
        assertThat(v.longDays()).isEqualTo(66);
        assertThat(v.demandRate()).isEqualByComparingTo("2");
        assertThat(v.forecastMethod()).isNotNull();
        assertThat(v.forecastCover().doubleValue()).isCloseTo(2 * v.coverDays(), within(1.0));
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    @Test
    void aPlannedPromotionInTheCoverPeriodIsForecastWithItsUpliftAndNamed() {
        java.sql.Date from = java.sql.Date.valueOf(D.minusDays(20));
        java.sql.Date to = java.sql.Date.valueOf(D.minusDays(7));
        String promotion = "INSERT INTO promotions (sku, store_id, start_date, end_date, kind, feed_id)"
                + " VALUES ('P1', '*', ?, ?, 'promotion', 't')";
        chain.exec(
                        "UPDATE sales SET units_sold = units_sold * 2, load_seq = nextval('load_seq_ids') WHERE business_date BETWEEN ? AND ?",
                        from,
                        to)
                .exec(promotion, from, to)
                .exec(promotion, java.sql.Date.valueOf(D.plusDays(2)), java.sql.Date.valueOf(D.plusDays(4)));
        LineValues v = run(true, D);
        double uplift = v.forecastPromoUplift();
        assertThat(uplift).isBetween(1.75, 2.0);
        assertThat(v.forecastCover().doubleValue()).isBetween(96 + 31 * 1.75, 158.0);
        assertThat(v.forecastPromoStart()).isEqualTo(D.plusDays(2));
        assertThat(v.forecastPromoEnd()).isEqualTo(D.plusDays(4));
        assertThat(Explanation.texts(v))
                .anySatisfy(t -> assertThat(t)
                        .startsWith("forecast: ")
                        .endsWith("; includes promotion 2026-03-07..2026-03-09, uplift ×"
                                + String.format(java.util.Locale.ROOT, "%.2f", uplift)));
        assertThat(PolicyCheck.problems(v)).isEmpty();
    }

    /**
     * With the weekly choice as its own step after the run, a pair first forecast that day has no choice yet: its line
     * uses the 28-day moving average and says so; the step after the run chooses for it, and the next day's line names
     * the chosen method.
     */
    @Test
    void aPairNotChosenYetUsesTheMovingAverageAndSaysSoUntilTheStepAfterTheRunChooses() {
        ReplenishmentService service = new ReplenishmentService(
                chain.warehouse,
                ReplenishmentProperties.defaults(),
                new ForecastService(new ForecastProperties(true, 112, 35, 4, 14, false)));
        service.run(D, Optional.empty());
        LineValues first = chain.line(D, "S1", "P1");
        assertThat(first.forecastMethod()).isEqualTo(Method.MOVING_AVERAGE.name());
        assertThat(first.forecastAwaitingChoice()).isTrue();
        assertThat(Explanation.texts(first))
                .anySatisfy(t -> assertThat(t)
                        .startsWith("forecast: " + Method.MOVING_AVERAGE.label() + " (not chosen yet: the pair is"
                                + " new to the forecasts, by a first sale or the first run with forecasts on, and its"
                                + " method is chosen after this run; the 28-day moving average stands in): ")
                        .contains("units over the cover period of 6 d"));
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM forecast_states WHERE chosen_on = ? AND NOT awaiting_choice",
                        java.sql.Date.valueOf(D)))
                .as("chosen by the step after the run")
                .isEqualTo(1);

        service.run(D.plusDays(1), Optional.empty());
        LineValues next = chain.line(D.plusDays(1), "S1", "P1");
        assertThat(next.forecastAwaitingChoice()).isFalse();
        assertThat(next.forecastMethod())
                .isIn(Method.SEASONAL_NAIVE.name(), Method.HOLT_WINTERS.name(), Method.HOLT_WINTERS_DAMPED.name());
        assertThat(Explanation.texts(next)).anySatisfy(t -> assertThat(t).contains("(chosen by backtest, RMSSE "));
        assertThat(PolicyCheck.problems(next)).isEmpty();
    }

    @Test
    void theMethodIsReChosenWeeklyAndReusedOnTheDaysBetween() {
        ForecastService service = new ForecastService(ForecastProperties.choosingInTheRun(true));
        ForecastService.Refresh first = chain.warehouse.inTransaction(c -> service.refresh(c, D));
        assertThat(first.pairs()).isEqualTo(1);
        assertThat(first.chosen()).isEqualTo(1);
        ForecastService.Refresh nextDay = chain.warehouse.inTransaction(c -> service.refresh(c, D.plusDays(1)));
        assertThat(nextDay.chosen()).isZero();
        assertThat(chain.count(
                        "SELECT COUNT(*) FROM demand_forecasts WHERE as_of = ? AND chosen_on = ?",
                        java.sql.Date.valueOf(D.plusDays(1)),
                        java.sql.Date.valueOf(D)))
                .isEqualTo(1);
        // re-chosen once in the week, on the pair's own day of the week (the weekly choices are spread over it)
        int chosenInTheWeek = 0;
        for (int k = 2; k <= 7; k++) {
            LocalDate day = D.plusDays(k);
            chosenInTheWeek +=
                    chain.warehouse.inTransaction(c -> service.refresh(c, day)).chosen();
        }
        assertThat(chosenInTheWeek).isEqualTo(1);
    }
}
