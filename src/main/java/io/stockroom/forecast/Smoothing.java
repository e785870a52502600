package io.stockroom.forecast;

/**
 * The recursions of the methods, with their parameters explicit so tests can check them against published worked
 * examples. A NaN observation is a day left out of the fit (a promotion day, a day with no data): the state carries
 * on as if the one-step forecast had been observed, so a left-out day teaches the method nothing.
 */
final class Smoothing {

    private Smoothing() {}

    /** Simple exponential smoothing (FPP3 §8.1): the one-step fitted values ŷ(t|t−1) for t = 0..n, ŷ(n|n−1) last. */
    static double[] sesFitted(double[] y, double alpha, double level0) {
        double[] fitted = new double[y.length + 1];
        double level = level0;
        for (int t = 0; t < y.length; t++) {
            fitted[t] = level;
            if (!Double.isNaN(y[t])) {
                level = alpha * y[t] + (1 - alpha) * level;
            }
        }
        fitted[y.length] = level;
        return fitted;
    }

    /** Mean of the last {@code window} observed (non-NaN) values; NaN when none. */
    static double movingAverage(double[] y, int window) {
        double sum = 0;
        int n = 0;
        for (int t = y.length - 1; t >= 0 && n < window; t--) {
            if (!Double.isNaN(y[t])) {
                sum += y[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Seasonal naive: each future day repeats the last observed value of the same position in the season. */
    static double[] seasonalNaive(double[] y, int period, int horizon) {
        double[] f = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            int pos = Math.floorMod(y.length + h, period);
            double v = Double.NaN;
            for (int t = y.length - 1; t >= 0; t--) {
                if (Math.floorMod(t, period) == pos && !Double.isNaN(y[t])) {
                    v = y[t];
                    break;
                }
            }
            f[h] = v;
        }
        return f;
    }

    /** Holt-Winters state after the fit; {@code sse} is the sum of squared one-step errors over the observed days. */
    record HwFit(double level, double trend, double[] season, int nextSeasonIndex, double phi, double sse) {

        /** ŷ(n+h|n) = ℓ + (φ + φ² + … + φ^h)·b + s(n+h−m(k+1)), FPP3 §8.3 (damped: §8.2). */
        double[] forecast(int horizon) {
            double[] f = new double[horizon];
            double damp = 0;
            double p = 1;
            for (int h = 1; h <= horizon; h++) {
                p *= phi;
                damp += p;
                f[h - 1] = level + damp * trend + season[(nextSeasonIndex + h - 1) % season.length];
            }
            return f;
        }
    }

    /**
     * Additive Holt-Winters (FPP3 §8.3, component form, with the damped trend of §8.2: φ = 1 is undamped):
     * ℓt = α(yt − st−m) + (1−α)(ℓt−1 + φbt−1); bt = β*(ℓt − ℓt−1) + (1−β*)φbt−1;
     * st = γ(yt − ℓt−1 − φbt−1) + (1−γ)st−m. The given initial states are those at time 0 (before y[0]);
     * {@code season0[i]} is the seasonal index of y[i] for i < m.
     */
    static HwFit holtWinters(
            double[] y,
            double alpha,
            double beta,
            double gamma,
            double phi,
            double level0,
            double trend0,
            double[] season0) {
        int m = season0.length;
        double[] s = season0.clone();
        double level = level0;
        double trend = trend0;
        double sse = 0;
        for (int t = 0; t < y.length; t++) {
            int i = t % m;
            double oneStep = level + phi * trend + s[i];
            double obs = Double.isNaN(y[t]) ? oneStep : y[t];
            if (!Double.isNaN(y[t])) {
                sse += (obs - oneStep) * (obs - oneStep);
            }
            double newLevel = alpha * (obs - s[i]) + (1 - alpha) * (level + phi * trend);
            double newTrend = beta * (newLevel - level) + (1 - beta) * phi * trend;
            s[i] = gamma * (obs - level - phi * trend) + (1 - gamma) * s[i];
            level = newLevel;
            trend = newTrend;
        }
        return new HwFit(level, trend, s, y.length % m, phi, sse);
    }

    /**
     * Holt-Winters with a start from the first weeks (up to eight; Hyndman et al. 2008 §2.6.1's classical start,
     * made tolerant of left-out days): the level and trend from the means of the observed days of the two halves,
     * each seasonal index the mean deviation of its observed days from that line (indices sum to 0). The smoothing
     * parameters are chosen from a grid by the least sum of squared one-step errors. Needs two seasons of history
     * and at least one season of observed days in them; returns null otherwise.
     */
    static HwFit holtWintersFitted(double[] y, int m, boolean damped) {
        HwParams p = holtWintersParams(y, m, damped);
        return p == null ? null : p.run(y);
    }

    /**
     * The smoothing parameters and start state of a Holt-Winters fit: fitted once (the grid), they can be run over a
     * longer history of the same series without fitting again ({@link #run}) — the backtest's later folds and the
     * daily update reuse them.
     */
    record HwParams(
            double alpha, double beta, double gamma, double phi, double level0, double trend0, double[] season0) {

        HwFit run(double[] y) {
            return holtWinters(y, alpha, beta, gamma, phi, level0, trend0, season0);
        }

        /** Equal parameters and start, the seasonal indices compared by value (a record compares arrays by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof HwParams p
                    && Double.compare(alpha, p.alpha) == 0
                    && Double.compare(beta, p.beta) == 0
                    && Double.compare(gamma, p.gamma) == 0
                    && Double.compare(phi, p.phi) == 0
                    && Double.compare(level0, p.level0) == 0
                    && Double.compare(trend0, p.trend0) == 0
                    && java.util.Arrays.equals(season0, p.season0);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(alpha, beta, gamma, phi, level0, trend0, java.util.Arrays.hashCode(season0));
        }
    }

    /** The start and the grid of {@link #holtWintersFitted}; null when the history is too short. */
    static HwParams holtWintersParams(double[] y, int m, boolean damped) {
        return holtWintersParams(y, m, damped, null, false);
    }

    /**
     * The same start, the parameters by {@link Grid#search} from the combination nearest to {@code from}'s (from the
     * grid's {@link Grid#middle} when null) instead of the whole grid; null when the history is too short.
     */
    static HwParams holtWintersSearched(double[] y, int m, boolean damped, HwParams from) {
        return holtWintersParams(y, m, damped, from, true);
    }

    private static HwParams holtWintersParams(double[] y, int m, boolean damped, HwParams from, boolean local) {
        int weeks = Math.min(8, y.length / m);
        if (weeks < 2) {
            return null;
        }
        int half = weeks / 2 * m;
        int window = 2 * half;
        double[] sum = new double[2];
        int[] cnt = new int[2];
        for (int t = 0; t < window; t++) {
            if (!Double.isNaN(y[t])) {
                sum[t / half] += y[t];
                cnt[t / half]++;
            }
        }
        if (cnt[0] + cnt[1] < m || cnt[0] == 0 || cnt[1] == 0) {
            return null;
        }
        double mean1 = sum[0] / cnt[0];
        double mean2 = sum[1] / cnt[1];
        double trend0 = (mean2 - mean1) / half;
        // the line through (centre of half 1, mean1) with slope trend0, evaluated at day t
        double centre1 = (half - 1) / 2.0;
        double level0 = mean1 - trend0 * (centre1 + 1); // level just before y[0]
        double[] season0 = new double[m];
        int[] seasonCount = new int[m];
        for (int t = 0; t < window; t++) {
            if (!Double.isNaN(y[t])) {
                season0[t % m] += y[t] - (level0 + trend0 * (t + 1));
                seasonCount[t % m]++;
            }
        }
        double seasonMean = 0;
        for (int i = 0; i < m; i++) {
            season0[i] = seasonCount[i] == 0 ? 0 : season0[i] / seasonCount[i];
            seasonMean += season0[i] / m;
        }
        for (int i = 0; i < m; i++) {
            season0[i] -= seasonMean;
        }
        Grid grid = damped ? Grid.DAMPED : Grid.UNDAMPED;
        int c = !local
                ? grid.best(y, m, level0, trend0, season0)
                : grid.search(
                        y,
                        m,
                        level0,
                        trend0,
                        season0,
                        from == null
                                ? grid.middle()
                                : grid.nearest(from.alpha(), from.beta(), from.gamma(), from.phi()));
        return new HwParams(grid.alpha[c], grid.beta[c], grid.gamma[c], grid.phi[c], level0, trend0, season0);
    }

    /**
     * The parameter grid of {@link #holtWintersParams}, one column per parameter, in the order it is searched (α, then
     * β, γ and φ): {@link #best} runs every combination over the history at once, day by day, so the inner loop over
     * the combinations is the same arithmetic on arrays (a loop the JIT can vectorise) instead of a fit per combination.
     */
    static final class Grid {

        static final Grid UNDAMPED = new Grid(new double[] {0.001, 0.01, 0.05}, new double[] {1.0});
        static final Grid DAMPED = new Grid(new double[] {0.01, 0.05, 0.15}, new double[] {0.8, 0.9, 0.98});

        final double[] alpha;
        final double[] beta;
        final double[] gamma;
        final double[] phi;
        // the factors of the recursion as holtWinters computes them: 1 − α, (1 − β)·φ, 1 − γ
        private final double[] keepLevel;
        private final double[] keepTrend;
        private final double[] keepSeason;

        // the grid's axes (α, β, γ, φ) and their lengths: combination c = ((iα·nβ + iβ)·nγ + iγ)·nφ + iφ
        private final int[] axes;

        private Grid(double[] betas, double[] phis) {
            double[] alphas = {0.02, 0.05, 0.1, 0.2, 0.35, 0.5};
            double[] gammas = {0.01, 0.05, 0.1, 0.2};
            axes = new int[] {alphas.length, betas.length, gammas.length, phis.length};
            int n = alphas.length * betas.length * gammas.length * phis.length;
            alpha = new double[n];
            beta = new double[n];
            gamma = new double[n];
            phi = new double[n];
            keepLevel = new double[n];
            keepTrend = new double[n];
            keepSeason = new double[n];
            int c = 0;
            for (double a : alphas) {
                for (double b : betas) {
                    for (double g : gammas) {
                        for (double p : phis) {
                            alpha[c] = a;
                            beta[c] = b;
                            gamma[c] = g;
                            phi[c] = p;
                            keepLevel[c] = 1 - a;
                            keepTrend[c] = (1 - b) * p;
                            keepSeason[c] = 1 - g;
                            c++;
                        }
                    }
                }
            }
        }

        int size() {
            return alpha.length;
        }

        /**
         * The combination with the least sum of squared one-step errors over {@code y} from the given start, the first
         * in the grid's order on a tie: the same pick, bit for bit, as fitting each combination with
         * {@link Smoothing#holtWinters} (the same operations in the same order for each combination).
         */
        int best(double[] y, int m, double level0, double trend0, double[] season0) {
            int n = size();
            Scratch w = Scratch.of(n, m);
            for (int c = 0; c < n; c++) {
                w.combos[c] = c;
            }
            sse(y, m, level0, trend0, season0, w.combos, n, w);
            double[] sse = w.sse;
            int best = 0;
            for (int c = 1; c < n; c++) {
                if (sse[c] < sse[best]) {
                    best = c;
                }
            }
            return best;
        }

        /**
         * A local search of the grid from combination {@code from}: the combinations one step either way along each
         * axis (α, β, γ, φ) are fitted together, the search moves to the best of them while it lowers the sum of
         * squared one-step errors, and stops where no neighbour does (a tie goes to the earlier combination in the
         * grid's order, as in {@link #best}). It returns a local optimum of the grid — the grid's own optimum when the
         * error falls toward it along the axes — after fitting typically 10–25 of the 72 / 216 combinations.
         */
        int search(double[] y, int m, double level0, double trend0, double[] season0, int from) {
            Scratch w = Scratch.of(Math.max(size(), 8), m);
            double[] known = w.known;
            java.util.Arrays.fill(known, 0, size(), Double.NaN);
            int[] around = w.around;
            int[] batch = w.combos;
            batch[0] = from;
            sse(y, m, level0, trend0, season0, batch, 1, w);
            known[from] = w.sse[0];
            int current = from;
            while (true) {
                int k = neighbours(current, around);
                int fresh = 0;
                for (int i = 0; i < k; i++) {
                    if (Double.isNaN(known[around[i]])) {
                        batch[fresh++] = around[i];
                    }
                }
                sse(y, m, level0, trend0, season0, batch, fresh, w);
                for (int i = 0; i < fresh; i++) {
                    known[batch[i]] = w.sse[i];
                }
                int next = current;
                for (int i = 0; i < k; i++) {
                    int c = around[i];
                    if (known[c] < known[next] || (known[c] == known[next] && c < next)) {
                        next = c;
                    }
                }
                if (next == current) {
                    return current;
                }
                current = next;
            }
        }

        /**
         * The combination in the middle of every axis (the lower middle of an even one: α 0.1, β 0.01 / 0.05, γ 0.05,
         * φ 0.9): where {@link #search} starts without a previous fit, chosen before measuring, not tuned.
         */
        int middle() {
            int c = 0;
            int stride = size();
            for (int axis = 0; axis < 4; axis++) {
                stride /= axes[axis];
                c += (axes[axis] - 1) / 2 * stride;
            }
            return c;
        }

        /** The combination nearest to the given parameters on each axis (a start for {@link #search}). */
        int nearest(double a, double b, double g, double p) {
            int c = 0;
            int stride = size();
            double[][] columns = {alpha, beta, gamma, phi};
            double[] wanted = {a, b, g, p};
            for (int axis = 0; axis < 4; axis++) {
                stride /= axes[axis];
                int bestIndex = 0;
                for (int i = 1; i < axes[axis]; i++) {
                    if (Math.abs(columns[axis][i * stride] - wanted[axis])
                            < Math.abs(columns[axis][bestIndex * stride] - wanted[axis])) {
                        bestIndex = i;
                    }
                }
                c += bestIndex * stride;
            }
            return c;
        }

        /** The combinations one step from {@code c} along each axis, into {@code out} (8 long); returns how many. */
        private int neighbours(int c, int[] out) {
            int k = 0;
            int stride = size();
            for (int axis = 0; axis < 4; axis++) {
                stride /= axes[axis];
                int i = c / stride % axes[axis];
                if (i > 0) {
                    out[k++] = c - stride;
                }
                if (i < axes[axis] - 1) {
                    out[k++] = c + stride;
                }
            }
            return k;
        }

        /**
         * The arrays of {@link #sse} and {@link #search}, one set per thread and reused: a choice runs ~10 passes a
         * series, and allocating them each time was a fifth of a daily refresh's allocation (young collections copy
         * the refresh's live states each time, so fewer of them is CPU saved; docs/forecast.md).
         */
        private static final class Scratch {
            private static final ThreadLocal<Scratch> OF_THREAD = new ThreadLocal<>();

            final int capacity;
            final int seasons;
            final double[] a;
            final double[] b;
            final double[] g;
            final double[] p;
            final double[] keepL;
            final double[] keepT;
            final double[] keepS;
            final double[] level;
            final double[] trend;
            final double[] sse;
            final double[][] season;
            final double[] known;
            final int[] combos;
            final int[] around = new int[8];

            private Scratch(int capacity, int seasons) {
                this.capacity = capacity;
                this.seasons = seasons;
                a = new double[capacity];
                b = new double[capacity];
                g = new double[capacity];
                p = new double[capacity];
                keepL = new double[capacity];
                keepT = new double[capacity];
                keepS = new double[capacity];
                level = new double[capacity];
                trend = new double[capacity];
                sse = new double[capacity];
                season = new double[seasons][capacity];
                known = new double[capacity];
                combos = new int[capacity];
            }

            static Scratch of(int capacity, int seasons) {
                Scratch w = OF_THREAD.get();
                if (w == null || w.capacity < capacity || w.seasons != seasons) {
                    w = new Scratch(Math.max(capacity, w == null ? 0 : w.capacity), seasons);
                    OF_THREAD.set(w);
                }
                return w;
            }
        }

        /**
         * The sum of squared one-step errors over {@code y} of the first {@code n} of the given combinations, all run
         * at once, day by day (the same operations in the same order as {@link Smoothing#holtWinters} for each), into
         * {@code w.sse[0 .. n)}.
         */
        private void sse(
                double[] y, int m, double level0, double trend0, double[] season0, int[] combos, int n, Scratch w) {
            double[] a = w.a;
            double[] b = w.b;
            double[] g = w.g;
            double[] p = w.p;
            double[] keepL = w.keepL;
            double[] keepT = w.keepT;
            double[] keepS = w.keepS;
            double[] level = w.level;
            double[] trend = w.trend;
            double[] sse = w.sse;
            double[][] season = w.season;
            for (int i = 0; i < n; i++) {
                int c = combos[i];
                a[i] = alpha[c];
                b[i] = beta[c];
                g[i] = gamma[c];
                p[i] = phi[c];
                keepL[i] = keepLevel[c];
                keepT[i] = keepTrend[c];
                keepS[i] = keepSeason[c];
                level[i] = level0;
                trend[i] = trend0;
                sse[i] = 0;
            }
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(season[i], 0, n, season0[i]);
            }
            for (int t = 0; t < y.length; t++) {
                double[] s = season[t % m];
                boolean observed = !Double.isNaN(y[t]); // the same for every combination: the JIT can unswitch
                for (int c = 0; c < n; c++) {
                    double damped = p[c] * trend[c];
                    double oneStep = level[c] + damped + s[c];
                    // a left-out day: the one-step forecast is taken as observed, no error
                    double obs = observed ? y[t] : oneStep;
                    if (observed) {
                        sse[c] += (obs - oneStep) * (obs - oneStep);
                    }
                    double newLevel = a[c] * (obs - s[c]) + keepL[c] * (level[c] + damped);
                    double newTrend = b[c] * (newLevel - level[c]) + keepT[c] * trend[c];
                    s[c] = g[c] * (obs - level[c] - damped) + keepS[c] * s[c];
                    level[c] = newLevel;
                    trend[c] = newTrend;
                }
            }
        }
    }

    /** Croston's state: z the smoothed demand size, p the smoothed interval between demands. */
    record Intermittent(double size, double interval) {}

    /**
     * Croston (1972), as Syntetos and Boylan (2005) state it: z and p are updated only in periods with demand,
     * z ← z + α(y − z), p ← p + αp(q − p), q the periods since the previous demand (αp = α unless given).
     * Start: z = the first demand, p = its position (periods from the start of the series, 1-based).
     * Returns null when there is no demand.
     */
    static Intermittent croston(double[] y, double alpha) {
        return croston(y, alpha, alpha);
    }

    static Intermittent croston(double[] y, double alpha, double alphaInterval) {
        double z = Double.NaN;
        double p = Double.NaN;
        int q = 0;
        for (double v : y) {
            if (Double.isNaN(v)) {
                continue;
            }
            q++;
            if (v > 0) {
                if (Double.isNaN(z)) {
                    z = v;
                    p = q;
                } else {
                    z += alpha * (v - z);
                    p += alphaInterval * (q - p);
                }
                q = 0;
            }
        }
        return Double.isNaN(z) ? null : new Intermittent(z, p);
    }

    /** TSB's state: the smoothed probability of demand in a period and the smoothed demand size. */
    record Tsb(double probability, double size) {
        double forecast() {
            return probability * size;
        }
    }

    /**
     * Teunter, Syntetos and Babai (2011): the demand probability is updated every period,
     * π ← π + β(1[y > 0] − π), the size only in periods with demand, z ← z + α(y − z); forecast π·z.
     * Start: π = the share of periods with demand, z = the first demand. Returns null when there is no demand.
     */
    static Tsb tsb(double[] y, double alpha, double beta) {
        int observed = 0;
        int withDemand = 0;
        double z = Double.NaN;
        for (double v : y) {
            if (!Double.isNaN(v)) {
                observed++;
                if (v > 0) {
                    withDemand++;
                    if (Double.isNaN(z)) {
                        z = v;
                    }
                }
            }
        }
        if (withDemand == 0) {
            return null;
        }
        double pi = (double) withDemand / observed;
        for (double v : y) {
            if (Double.isNaN(v)) {
                continue;
            }
            if (v > 0) {
                pi += beta * (1 - pi);
                z += alpha * (v - z);
            } else {
                pi += beta * (0 - pi);
            }
        }
        return new Tsb(pi, z);
    }
}
