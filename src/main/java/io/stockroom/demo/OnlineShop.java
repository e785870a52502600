package io.stockroom.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The chain's small e-commerce channel, exported as order lines the way a web shop does: one row per order
 * line with an order id and timestamp, some guest checkouts without a customer id, postage lines on orders
 * shipped abroad, and cancellations (order id prefixed with C, negative quantities) of yesterday's orders.
 */
final class OnlineShop {

    private static final double[] WEEKDAY = {1.15, 1.05, 1.0, 0.98, 0.9, 0.85, 1.07};
    private static final double[] HOUR_WEIGHT = {
        0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.0, 2.5, 3.0, 3.2, 3.5, 3.3, 3.0, 2.8, 2.7, 3.0, 3.6, 4.2, 4.5, 3.8,
        2.5, 1.0
    };
    private static final int CUSTOMERS = 4_000;
    private static final byte[] POST = Chain.ascii("POST");

    private final Chain chain;
    private final Rng rng;
    private final double[] hourCumulative = new double[24];
    private long nextOrderId = 536_001;
    private List<Line> yesterday = List.of();

    /** One order line; quantity is negative on a cancellation. sku -1 = postage. */
    record Line(String orderId, int second, int customer, int country, int sku, int quantity, int unitPricePence) {}

    OnlineShop(Chain chain) {
        this.chain = chain;
        this.rng = Rng.derive(chain.spec.seed(), "orders");
        double total = 0;
        for (int h = 0; h < 24; h++) {
            total += HOUR_WEIGHT[h];
            hourCumulative[h] = total;
        }
        for (int h = 0; h < 24; h++) {
            hourCumulative[h] /= total;
        }
    }

    /**
     * Writes one day's order lines.
     *
     * @param demand today's chain-wide demand rate per SKU (0 when not on sale)
     * @param discountPercent today's promotion discount per SKU
     * @param seasonFactor today's demand relative to the base rates (drives the number of orders)
     */
    void writeDay(int day, double[] demand, int[] discountPercent, double seasonFactor, CsvSink out, PlantPlan plan) {
        LocalDate date = chain.date(day);
        double[] cumulative = new double[chain.skus];
        double total = 0;
        for (int k = 0; k < chain.skus; k++) {
            total += demand[k];
            cumulative[k] = total;
        }
        List<Line> today = new ArrayList<>();
        int orders = total <= 0
                ? 0
                : 1 + rng.poisson(62 * WEEKDAY[date.getDayOfWeek().getValue() - 1] * seasonFactor);
        int[] seconds = new int[orders];
        for (int i = 0; i < orders; i++) {
            seconds[i] = second();
        }
        Arrays.sort(seconds);
        for (int i = 0; i < orders; i++) {
            String id = Long.toString(nextOrderId++);
            boolean guest = rng.chance(0.09);
            int customer = guest ? -1 : (int) (CUSTOMERS * Math.pow(rng.nextDouble(), 1.8));
            int country = guest
                    ? country(rng.nextDouble())
                    : country((Rng.mix(chain.spec.seed() + customer) >>> 11) * 0x1.0p-53);
            int lines = 1;
            while (lines < 8 && rng.chance(0.55)) {
                lines++;
            }
            int[] picked = new int[lines];
            int n = 0;
            for (int attempt = 0; attempt < lines * 4 && n < lines; attempt++) {
                int k = pick(cumulative, total * rng.nextDouble());
                if (!contains(picked, n, k)) {
                    picked[n++] = k;
                }
            }
            for (int j = 0; j < n; j++) {
                int k = picked[j];
                int price = (int) Math.round(chain.pricePence[k] * (100 - discountPercent[k]) / 100.0);
                today.add(new Line(id, seconds[i], customer, country, k, quantity(), price));
            }
            if (country != 0 && rng.chance(0.8)) {
                today.add(new Line(
                        id,
                        seconds[i],
                        customer,
                        country,
                        -1,
                        1,
                        chain.countries[country].equals("Australia") ? 4000 : 1500));
            }
        }
        List<Line> all = new ArrayList<>(today);
        for (int i = 0; i < yesterday.size(); i++) {
            String id = yesterday.get(i).orderId();
            if ((i > 0 && yesterday.get(i - 1).orderId().equals(id)) || !rng.chance(0.03)) {
                continue;
            }
            int at = second();
            for (int j = i; j < yesterday.size() && yesterday.get(j).orderId().equals(id); j++) {
                Line o = yesterday.get(j);
                all.add(new Line("C" + id, at, o.customer(), o.country(), o.sku(), -o.quantity(), o.unitPricePence()));
            }
        }
        all.sort(Comparator.comparingInt(Line::second));
        int negativeAt = day == plan.negativePriceDay ? firstMerchandiseLine(all, all.size() / 2) : -1;
        byte[] dateBytes = Chain.ascii(date.toString());
        for (int i = 0; i < all.size(); i++) {
            Line l = all.get(i);
            out.text(l.orderId())
                    .ascii(timestamp(dateBytes, l.second()))
                    .text(l.customer() < 0 ? null : Integer.toString(12_346 + l.customer()));
            if (l.sku() < 0) {
                out.ascii(POST).text("POSTAGE");
            } else {
                out.ascii(chain.skuBytes[l.sku()]).text(chain.skuName[l.sku()]);
            }
            out.integer(l.quantity());
            if (i == negativeAt) {
                plan.add("orders " + date + " line " + out.nextLine() + ": negative unit_price -"
                        + pounds(l.unitPricePence()) + " for order " + l.orderId() + " (NEGATIVE_PRICE, quarantined)");
                out.hundredths(-l.unitPricePence());
            } else {
                out.hundredths(l.unitPricePence());
            }
            out.text(chain.countries[l.country()]).endRow();
        }
        yesterday = today;
    }

    /** The orders placed on the day last written (no cancellations), one entry per line; customer -1 is a guest. */
    List<Line> placedToday() {
        return yesterday;
    }

    /** The customer id the order files carry for customer index {@code c}. */
    static String customerId(int c) {
        return Integer.toString(12_346 + c);
    }

    private static int firstMerchandiseLine(List<Line> lines, int from) {
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get((from + i) % lines.size());
            if (l.sku() >= 0 && l.quantity() > 0) {
                return (from + i) % lines.size();
            }
        }
        return -1;
    }

    private int quantity() {
        double r = rng.nextDouble();
        if (r < 0.6) {
            return 1;
        }
        if (r < 0.8) {
            return 2;
        }
        if (r < 0.93) {
            return rng.between(3, 6);
        }
        return rng.chance(0.6) ? 12 : 24;
    }

    private int second() {
        double u = rng.nextDouble();
        int hour = 0;
        while (hour < 23 && u > hourCumulative[hour]) {
            hour++;
        }
        return hour * 3600 + rng.nextInt(3600);
    }

    private int country(double u) {
        for (int i = 0; i < chain.countryCumulative.length; i++) {
            if (u < chain.countryCumulative[i]) {
                return i;
            }
        }
        return chain.countryCumulative.length - 1;
    }

    private static int pick(double[] cumulative, double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] <= u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean contains(int[] values, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    private static byte[] timestamp(byte[] date, int second) {
        byte[] out = new byte[19];
        System.arraycopy(date, 0, out, 0, 10);
        out[10] = ' ';
        two(out, 11, second / 3600);
        out[13] = ':';
        two(out, 14, second / 60 % 60);
        out[16] = ':';
        two(out, 17, second % 60);
        return out;
    }

    private static void two(byte[] out, int at, int v) {
        out[at] = (byte) ('0' + v / 10);
        out[at + 1] = (byte) ('0' + v % 10);
    }

    static String pounds(long pence) {
        return pence / 100 + "." + (pence % 100 < 10 ? "0" : "") + pence % 100;
    }
}
