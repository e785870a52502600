package io.stockroom.planogram;

/**
 * The display-lift estimate (docs/planogram.md, "Display lift"): a difference in differences of the display store's
 * units against the control stores' average, display period vs pre-period, with a 95 % interval from the day-to-day
 * spread of the log ratio test / control.
 */
final class LiftMath {

    /** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
        2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
    };

    private LiftMath() {}

    /**
     * @param lift display-period units ÷ baseline (null when the baseline is zero)
     * @param logSe standard error of ln(lift) (null with fewer than two days in a period)
     * @param method did (with control stores) or pre_period (the store's own pre-period only, scaled to the display's days)
     */
    record Estimate(
            double displayUnits, double baseline, Double lift, Double low, Double high, Double logSe, String method) {

        Double incremental() {
            return displayUnits - baseline;
        }
    }

    /**
     * @param testPre, testDisplay the display store's daily units (one value per day, zero when nothing sold)
     * @param controlPre, controlDisplay the control stores' average daily units on the same days, or null without control
     */
    static Estimate estimate(double[] testPre, double[] testDisplay, double[] controlPre, double[] controlDisplay) {
        double sp = sum(testPre);
        double sd = sum(testDisplay);
        boolean control = controlPre != null && sum(controlPre) > 0 && sum(controlDisplay) > 0;
        double baseline = control
                ? sp * sum(controlDisplay) / sum(controlPre)
                : testPre.length == 0 ? 0 : sp * testDisplay.length / testPre.length;
        String method = control ? "did" : "pre_period";
        if (baseline <= 0 || sd <= 0) {
            return new Estimate(sd, baseline, baseline <= 0 ? null : sd / baseline, null, null, null, method);
        }
        double lift = sd / baseline;
        double[] yPre = logs(testPre, control ? controlPre : null);
        double[] yDisplay = logs(testDisplay, control ? controlDisplay : null);
        if (yPre.length < 2 || yDisplay.length < 2) {
            return new Estimate(sd, baseline, lift, null, null, null, method);
        }
        double vp = variance(yPre) / yPre.length;
        double vd = variance(yDisplay) / yDisplay.length;
        double se = Math.sqrt(vp + vd);
        double df = (vp + vd) * (vp + vd) / (vp * vp / (yPre.length - 1) + vd * vd / (yDisplay.length - 1));
        double t = t975(df);
        return new Estimate(sd, baseline, lift, lift * Math.exp(-t * se), lift * Math.exp(t * se), se, method);
    }

    /** Inverse-variance pooled lift of several estimates (those with an interval), with a normal 95 % interval. */
    static double[] pooled(java.util.List<Estimate> estimates) {
        double w = 0;
        double wl = 0;
        for (Estimate e : estimates) {
            if (e.lift() != null && e.logSe() != null && e.logSe() > 0) {
                double wi = 1 / (e.logSe() * e.logSe());
                w += wi;
                wl += wi * Math.log(e.lift());
            }
        }
        if (w == 0) {
            return null;
        }
        double l = wl / w;
        double se = 1 / Math.sqrt(w);
        return new double[] {Math.exp(l), Math.exp(l - 1.96 * se), Math.exp(l + 1.96 * se)};
    }

    static double t975(double df) {
        if (Double.isNaN(df) || df < 1) {
            return T975[0];
        }
        if (df <= 30) {
            return T975[(int) Math.floor(df) - 1];
        }
        return 1.96 + 2.4 / df;
    }

    /** ln((test + 0.5) / (control + 0.5)) per day, or ln(test + 0.5) without control: the 0.5 keeps days without a sale. */
    private static double[] logs(double[] test, double[] control) {
        double[] y = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            y[i] = Math.log(test[i] + 0.5) - (control == null ? 0 : Math.log(control[i] + 0.5));
        }
        return y;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double variance(double[] v) {
        double mean = sum(v) / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return ss / (v.length - 1);
    }
}
