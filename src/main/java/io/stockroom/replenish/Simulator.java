package io.stockroom.replenish;

import io.stockroom.forecast.ForecastProperties;
import io.stockroom.forecast.Forecaster;
import io.stockroom.forecast.Method;
import io.stockroom.forecast.Series;
import io.stockroom.forecast.Uplifts;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Replays a chain's history day by day with a policy (issue 14). Each day, per store × SKU: orders due arrive (placed L
 * days before), the day's demand is sold as far as the stock goes (min(demand, stock); the rest is a lost sale), and on
 * an order day the policy looks at what it would have seen — the sales it made, its own stock-outs — and orders. The
 * retailer's actual history is measured on the same pairs and days from the snapshots.
 *
 * <p>Demand is the units sold on the day; a day that ended out of stock in the history (sales were capped by the stock)
 * or on which the store reported no sales is not known, so its demand is the larger of the units sold and the mean of
 * the in-stock days of the 28 before. Those days are counted and reported. Open orders at the start (their age is
 * unknown) arrive after half the lead time.
 *
 * <p>The lead time L of a pair is the one the daily run would use ({@link SimPair#leadDays}: observed over the receipts,
 * else configured); an order arrives exactly L days after it is placed. The forecast policy reads the pair's promotion
 * days ({@link SimPair#promotions}) as the daily forecast refresh does: left out of the baseline, forecast × the uplift
 * learned each day from the promoted pairs' windows.
 */
final class Simulator {

    /** The policies the simulator can replay; the actual history is measured beside them. */
    enum Policy {
        TRAILING_AVERAGE("28-day average policy"),
        FORECAST("forecast policy");

        final String label;

        Policy(String label) {
            this.label = label;
        }
    }

    static final String ACTUAL = "ACTUAL";
    private static final int IMPUTE_WINDOW = 28;
    private static final int REFERENCE_WINDOW = 28;
    // accumulator slots per pair
    private static final int DEMAND = 0;
    private static final int SOLD = 1;
    private static final int LOST_VALUE = 2;
    private static final int OOS_DAYS = 3;
    private static final int DAYS = 4;
    private static final int NEITHER = 5;
    private static final int INVENTORY_VALUE = 6;
    private static final int COGS = 7;
    private static final int LINES = 8;
    private static final int OVER = 9;
    private static final int PACK_BOUND = 10;
    // overstock days by cause, after PACK_BOUND (each day counted once, in this order; policies only)
    private static final int INHERITED = 11;
    private static final int MINIMUM = 12;
    private static final int ABOVE_CAP = 13;
    private static final int MOQ = 14;
    private static final int ROUNDING = 15;
    private static final int DEMAND_BELOW = 16;
    // days after the pair's first policy order arrived, and of those the days in neither state
    private static final int SETTLED = 17;
    private static final int SETTLED_NEITHER = 18;
    // of the ABOVE_CAP days, those whose lead-time demand alone reached the cap (not a cause of its own)
    private static final int LEAD_FILLS_CAP = 19;
    private static final int SLOTS = 20;

    private final SimulationSettings settings;
    private final ForecastProperties forecast;

    Simulator(SimulationSettings settings, ForecastProperties forecast) {
        this.settings = settings;
        this.forecast = forecast;
    }

    /** The pairs after the demand was read from them, and how many demand days were imputed. */
    record Prepared(List<SimPair> pairs, List<double[]> demand, long demandDays, long imputedDays) {}

    /**
     * Replays days {@code takeOver} .. end of the arrays ({@code first} is day 0) with each policy and measures days
     * {@code start} .. end: the policy takes over the shelf (the stock of day takeOver − 1) some weeks before it is
     * measured, so the run measures the policy rather than the stock it inherited (a warm-up, as inventory simulations
     * do). Pairs must have a snapshot on day takeOver − 1 and on every measured day (the caller leaves the others out).
     * {@code excluded} (pairs left out, by reason) and {@code leadTimeSources} (pairs by where their lead time came
     * from) are the caller's counts, reported as they are.
     */
    SimulationReport run(
            List<SimPair> pairs,
            LocalDate first,
            int takeOver,
            int start,
            Set<Policy> policies,
            Map<String, Integer> excluded,
            Map<String, Integer> leadTimeSources) {
        long started = System.nanoTime();
        int days = pairs.isEmpty() ? start : pairs.getFirst().sold().length;
        if (takeOver < 1 || takeOver > start || start >= days) {
            throw new IllegalArgumentException("the replay needs at least one day of history and one day to replay");
        }
        Prepared prepared = prepare(pairs, start);
        List<SimulationReport.PolicyResult> results = new ArrayList<>();
        for (Policy policy : policies) {
            double[][] acc = replay(prepared, first, takeOver, start, policy);
            results.add(new SimulationReport.PolicyResult(
                    policy.name(), policy.label, summarise(pairs, acc, days - start, true)));
        }
        double[][] actual = actual(prepared, start);
        results.add(new SimulationReport.PolicyResult(
                ACTUAL, "actual history", summarise(pairs, actual, days - start, false)));
        return new SimulationReport(
                first.plusDays(start),
                first.plusDays(days - 1L),
                start - takeOver,
                settings,
                pairs.size(),
                excluded,
                prepared.demandDays(),
                prepared.imputedDays(),
                leadTimeSources,
                (int) pairs.stream().filter(p -> p.promotions() != null).count(),
                results,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Demand per day of each pair: the units sold, imputed where the history cannot tell (see the class comment). */
    static Prepared prepare(List<SimPair> pairs, int start) {
        List<double[]> demand = new ArrayList<>(pairs.size());
        long demandDays = 0;
        long imputed = 0;
        for (SimPair p : pairs) {
            int n = p.sold().length;
            double[] d = new double[n];
            for (int t = 0; t < n; t++) {
                double sold = p.sold()[t];
                boolean censored = Double.isNaN(sold) || (!Double.isNaN(p.onHand()[t]) && p.onHand()[t] <= 0);
                if (!censored) {
                    d[t] = sold;
                } else {
                    double mean = inStockMean(p, t);
                    d[t] = Math.max(Double.isNaN(sold) ? 0 : sold, Double.isNaN(mean) ? 0 : mean);
                    if (t >= start) {
                        imputed++;
                    }
                }
                if (t >= start) {
                    demandDays++;
                }
            }
            demand.add(d);
        }
        return new Prepared(pairs, demand, demandDays, imputed);
    }

    private static double inStockMean(SimPair p, int t) {
        double sum = 0;
        int n = 0;
        for (int k = Math.max(0, t - IMPUTE_WINDOW); k < t; k++) {
            double s = p.sold()[k];
            if (!Double.isNaN(s) && (Double.isNaN(p.onHand()[k]) ? s > 0 : p.onHand()[k] > 0)) {
                sum += s;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** One policy's replay; returns the accumulators per pair. */
    private double[][] replay(Prepared prepared, LocalDate first, int takeOver, int start, Policy policy) {
        List<SimPair> pairs = prepared.pairs();
        int m = pairs.size();
        int days = m == 0 ? start : pairs.getFirst().sold().length;
        double[][] acc = new double[m][SLOTS];
        State[] states = new State[m];
        for (int i = 0; i < m; i++) {
            states[i] = new State(pairs.get(i), takeOver, days);
        }
        Method[] methods = new Method[m];
        Forecaster forecaster = new Forecaster(List.of(Method.values()), forecast.backtestFolds(), 7);
        int[] promoted = IntStream.range(0, m)
                .filter(i -> pairs.get(i).promotions() != null)
                .toArray();
        for (int t = takeOver; t < days; t++) {
            int day = t;
            boolean measured = t >= start;
            LocalDate date = first.plusDays(t);
            IntStream.range(0, m)
                    .parallel()
                    .forEach(i -> states[i].sell(day, prepared.demand().get(i)[day], measured ? acc[i] : null));
            // the forecast policy learns the promotion uplifts each day from the window it forecasts from, as the daily
            // refresh does (ForecastService): the promoted pairs' days, promotion days against their baseline
            Uplifts uplifts =
                    policy == Policy.FORECAST && promoted.length > 0 ? uplifts(states, promoted, day) : Uplifts.NONE;
            if (policy == Policy.FORECAST && (t - takeOver) % 7 == 0) { // re-chosen weekly, as in the daily stage
                List<Series> series = new ArrayList<>(m);
                for (int i = 0; i < m; i++) {
                    series.add(states[i].series(day, forecast.historyDays(), forecast.horizonDays()));
                }
                int[] origins = new int[m];
                Arrays.fill(origins, forecast.historyDays());
                List<Forecaster.Choice> choices =
                        forecaster.chooseAll(series, origins, forecast.backtestHorizonDays(), uplifts);
                for (int i = 0; i < m; i++) {
                    methods[i] = choices.get(i).method();
                }
            }
            IntStream.range(0, m).parallel().forEach(i -> {
                State st = states[i];
                SimPair p = pairs.get(i);
                Integer review = reviewDays(p, date, day - takeOver);
                if (review != null) {
                    SimPolicy.Demand d = SimPolicy.Demand.of(
                            st.seen,
                            st.inStock,
                            day,
                            settings.demandWindowDays(),
                            settings.minHistoryDays(),
                            settings.longWindowDays());
                    double[] cumulative = null;
                    if (policy == Policy.FORECAST) {
                        // promotion days of the window left out of the baseline, those of the horizon × the uplift
                        Series series = st.series(day, forecast.historyDays(), forecast.horizonDays());
                        double[] f = Forecaster.forecast(
                                methods[i], series, forecast.historyDays(), forecast.horizonDays(), uplifts.of(series));
                        cumulative = new double[f.length];
                        double sum = 0;
                        for (int h = 0; h < f.length; h++) {
                            sum += f[h];
                            cumulative[h] = sum;
                        }
                    }
                    SimPolicy.Decision decision =
                            SimPolicy.decide(p, settings, date, d, cumulative, review, st.onHand + st.onOrder);
                    if (decision.quantity() > 0) {
                        st.place(day, decision);
                        if (measured) {
                            acc[i][LINES]++;
                        }
                    }
                }
                if (measured) {
                    endOfDay(p, day, st.onHand, prepared.demand().get(i), acc[i], st);
                }
            });
        }
        return acc;
    }

    /** The uplifts learned from the promoted pairs' windows ending on {@code day} ({@link Uplifts#learn}). */
    private Uplifts uplifts(State[] states, int[] promoted, int day) {
        List<Series> series = new ArrayList<>(promoted.length);
        for (int i : promoted) {
            series.add(states[i].series(day, forecast.historyDays(), forecast.horizonDays()));
        }
        return Uplifts.learn(series, forecast.historyDays());
    }

    /** R when the day is an order day for the pair's supplier (or of the what-if's every-N-days review), else null. */
    Integer reviewDays(SimPair p, LocalDate date, int dayOfRun) {
        if (settings.reviewDays() != null) {
            return dayOfRun % settings.reviewDays() == 0 ? settings.reviewDays() : null;
        }
        Set<DayOfWeek> days = ReviewPeriod.parse(p.orderDays());
        if (days.isEmpty()) {
            return dayOfRun % settings.defaultReviewDays() == 0 ? settings.defaultReviewDays() : null;
        }
        return days.contains(date.getDayOfWeek())
                ? ReviewPeriod.of(p.orderDays(), date, settings.defaultReviewDays())
                        .days()
                : null;
    }

    /**
     * End-of-day counts: stock-out, over the maximum weeks of supply, stock value; for a policy ({@code st} not null)
     * the cause of an overstock day and whether its first order has arrived.
     */
    private void endOfDay(SimPair p, int t, double onHand, double[] demand, double[] acc, State st) {
        acc[DAYS]++;
        acc[INVENTORY_VALUE] +=
                Math.max(0, onHand) * p.cost(); // a negative count in the history is no negative stock value
        boolean out = onHand <= 0;
        double sum = 0;
        int n = 0;
        for (int k = Math.max(0, t - REFERENCE_WINDOW + 1); k <= t; k++) {
            sum += demand[k];
            n++;
        }
        double limit = Math.max(p.weeksOfSupply(settings) * 7 * sum / n, p.minimum());
        boolean over = onHand > limit + 1e-9;
        if (out) {
            acc[OOS_DAYS]++;
        }
        if (over) {
            acc[OVER]++;
            if (Math.max(p.casePack(), p.moq()) > limit) {
                acc[PACK_BOUND]++; // one case (or the MOQ) alone is over the limit: no recommendation can avoid it
            } else if (st != null) {
                int cause = cause(st);
                acc[cause]++;
                if (cause == ABOVE_CAP && st.last.overLead() >= st.last.cap() - 1e-9) {
                    acc[LEAD_FILLS_CAP]++;
                }
            }
        }
        if (!out && !over) {
            acc[NEITHER]++;
        }
        if (st != null && st.last != null) {
            acc[SETTLED]++;
            if (!out && !over) {
                acc[SETTLED_NEITHER]++;
            }
        }
    }

    /**
     * Why a shelf the pack does not explain ends over its limit, from the last order the policy received: none yet (the
     * stock it took over), an order-up-to level raised to a display or rule minimum, an order-up-to level above the
     * policy's own weeks-of-supply cap (the lead-time floor), a quantity raised to the MOQ or rounded (whole units, case)
     * past that cap,
     * or — the order kept within the cap the policy saw — demand that came in below the policy's estimate.
     */
    private static int cause(State st) {
        SimPolicy.Decision last = st.last;
        if (last == null) {
            return INHERITED;
        }
        double cap = Math.max(last.cap(), last.minimum());
        if (last.minimumSet()) {
            return MINIMUM;
        }
        if (last.upTo() > cap + 1e-9) {
            return ABOVE_CAP;
        }
        if (last.after() > cap + 1e-9) {
            return last.moqRaised() ? MOQ : ROUNDING;
        }
        return DEMAND_BELOW;
    }

    /** The retailer's own history over the same days: its snapshots, its sales, the same demand. */
    private double[][] actual(Prepared prepared, int start) {
        List<SimPair> pairs = prepared.pairs();
        double[][] acc = new double[pairs.size()][SLOTS];
        for (int i = 0; i < pairs.size(); i++) {
            SimPair p = pairs.get(i);
            double[] demand = prepared.demand().get(i);
            for (int t = start; t < demand.length; t++) {
                double sold = Double.isNaN(p.sold()[t]) ? demand[t] : p.sold()[t];
                acc[i][DEMAND] += demand[t];
                acc[i][SOLD] += sold;
                acc[i][LOST_VALUE] += (demand[t] - sold) * p.price();
                acc[i][COGS] += sold * p.cost();
                if (p.onOrder()[t] > p.onOrder()[t - 1]) {
                    acc[i][LINES]++;
                }
                endOfDay(p, t, p.onHand()[t], demand, acc[i], null);
            }
        }
        return acc;
    }

    private Map<String, SimulationReport.Outcome> summarise(
            List<SimPair> pairs, double[][] acc, int days, boolean policy) {
        Map<String, SimulationReport.Outcome> out = new LinkedHashMap<>();
        for (String cls : List.of("A", "B", "C", "all")) {
            double[] sum = new double[SLOTS];
            int n = 0;
            for (int i = 0; i < pairs.size(); i++) {
                if (cls.equals("all") || pairs.get(i).abcClass() == cls.charAt(0)) {
                    n++;
                    for (int k = 0; k < SLOTS; k++) {
                        sum[k] += acc[i][k];
                    }
                }
            }
            double avgInventory = sum[INVENTORY_VALUE] / days;
            out.put(
                    cls,
                    new SimulationReport.Outcome(
                            n,
                            sum[DEMAND],
                            sum[SOLD],
                            sum[DEMAND] > 0 ? sum[SOLD] / sum[DEMAND] : null,
                            sum[DAYS] > 0 ? sum[OOS_DAYS] / sum[DAYS] : null,
                            sum[LOST_VALUE],
                            avgInventory,
                            avgInventory > 0 ? sum[COGS] / avgInventory * 365.0 / days : null,
                            (long) sum[LINES],
                            sum[DAYS] > 0 ? sum[NEITHER] / sum[DAYS] : null,
                            sum[DAYS] > 0 ? sum[OVER] / sum[DAYS] : null,
                            sum[DAYS] > 0 ? sum[PACK_BOUND] / sum[DAYS] : null,
                            policy && sum[DAYS] > 0
                                    ? new SimulationReport.OverstockCauses(
                                            sum[PACK_BOUND] / sum[DAYS],
                                            sum[INHERITED] / sum[DAYS],
                                            sum[MINIMUM] / sum[DAYS],
                                            sum[ABOVE_CAP] / sum[DAYS],
                                            sum[LEAD_FILLS_CAP] / sum[DAYS],
                                            sum[MOQ] / sum[DAYS],
                                            sum[ROUNDING] / sum[DAYS],
                                            sum[DEMAND_BELOW] / sum[DAYS])
                                    : null,
                            policy && sum[DAYS] > 0 ? sum[SETTLED] / sum[DAYS] : null,
                            policy && sum[SETTLED] > 0 ? sum[SETTLED_NEITHER] / sum[SETTLED] : null));
        }
        return out;
    }

    /** One pair's simulated stock under one policy. */
    private static final class State {
        final SimPair pair;
        final double[] seen; // the sales the policy saw: the history before the run, its own sales after
        final boolean[] inStock; // days that count for the demand rate (ended with stock)
        final boolean[] known; // days with sales data (a store that reported nothing is not read as zero)
        final double[] arriving;
        final SimPolicy.Decision[] decided; // the decision behind the order arriving on each day
        SimPolicy.Decision last; // the last order received; null = none yet (the stock is the one taken over)
        double onHand;
        double onOrder;

        State(SimPair p, int start, int days) {
            this.pair = p;
            this.seen = new double[days];
            this.inStock = new boolean[days];
            this.known = new boolean[days];
            this.arriving = new double[days + p.leadDays() + 2];
            this.decided = new SimPolicy.Decision[arriving.length];
            for (int t = 0; t < start; t++) {
                double sold = p.sold()[t];
                seen[t] = Double.isNaN(sold) ? 0 : sold;
                known[t] = !Double.isNaN(sold);
                inStock[t] = known[t] && (Double.isNaN(p.onHand()[t]) ? sold > 0 : p.onHand()[t] > 0);
            }
            onHand = Math.max(0, p.onHand()[start - 1]);
            double open = Double.isNaN(p.onOrder()[start - 1]) ? 0 : Math.max(0, p.onOrder()[start - 1]);
            if (open > 0) {
                arriving[start + p.leadDays() / 2] += open;
                onOrder = open;
            }
        }

        /** Receives what is due, sells; {@code acc} null = a warm-up day, not measured. */
        void sell(int t, double demand, double[] acc) {
            double in = arriving[t];
            if (decided[t] != null) {
                last = decided[t];
            }
            onHand += in;
            onOrder -= in;
            double sold = Math.min(demand, onHand);
            onHand -= sold;
            seen[t] = sold;
            known[t] = true;
            inStock[t] = onHand > 0;
            if (acc != null) {
                acc[DEMAND] += demand;
                acc[SOLD] += sold;
                acc[LOST_VALUE] += (demand - sold) * pair.price();
                acc[COGS] += sold * pair.cost();
            }
        }

        void place(int t, SimPolicy.Decision decision) {
            int arrives = t + Math.max(1, pair.leadDays());
            arriving[arrives] += decision.quantity();
            decided[arrives] = decision;
            onOrder += decision.quantity();
        }

        /**
         * The last {@code history} days up to {@code t} as the forecast sees them: out-of-stock and unknown days left
         * out; the promotion days of those and of the {@code horizon} days after them flagged.
         */
        Series series(int t, int history, int horizon) {
            double[] y = new double[history];
            boolean[] promo = new boolean[history + horizon];
            for (int k = 0; k < history + horizon; k++) {
                int d = t - history + 1 + k;
                if (k < history) {
                    y[k] = d < 0 || !known[d] || !inStock[d] ? Double.NaN : seen[d];
                }
                promo[k] = pair.promotionOn(d);
            }
            return new Series(
                    pair.store() + "/" + pair.sku(),
                    pair.category() == null ? "" : pair.category(),
                    y,
                    promo,
                    new boolean[history + horizon]);
        }
    }

    static Set<Policy> allPolicies() {
        return EnumSet.allOf(Policy.class);
    }
}
