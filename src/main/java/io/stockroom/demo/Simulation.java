package io.stockroom.demo;

import java.time.LocalDate;

/**
 * Simulates the chain day by day and writes each day's POS and ERP files as it goes (memory stays flat):
 * demand per store × SKU, sales capped by the stock on hand, returns, the chain's own simple reorder policy
 * with supplier lead times, late and short deliveries, end-of-day stock snapshots, labour and web orders.
 *
 * <p>Within a day, per store × SKU: deliveries due arrive in the morning, the day's sales come out of the stock
 * on hand (a stock-out shows as zero sales), returns go back on the shelf, and in the evening an order is placed
 * when the position (on hand + on order) is below the reorder point on the supplier's order day. The inventory
 * file is the evening snapshot, so on_hand[d] = on_hand[d-1] + received[d] − units_sold[d] and on_order[d]
 * includes the order placed on d.
 */
final class Simulation {

    /** Footfall by weekday, Monday first: the weekend peaks. */
    private static final double[] WEEKDAY = {0.88, 0.84, 0.90, 0.97, 1.10, 1.38, 0.93};

    private static final int NOISE_SIZE = 4096;
    private static final int CLEARANCE_PERCENT = 30;
    private static final double CLEARANCE_UPLIFT = 1.6;

    private final Chain chain;
    private final DropFolder drop;
    private final PlantPlan plan;
    private final ShopFloor floor;
    private final Rng rng;
    private final OnlineShop shop;
    private final double[] noise = new double[NOISE_SIZE];

    // per store × SKU state, index p = store * skus + sku
    private final int[] onHand;
    private final float[] affinity;
    /** Two open-order slots per pair: quantity (0 = free) and arrival day. */
    private final int[] slotQty;

    private final int[] slotDay;
    /** The day each open order was placed (for the receipts file's PO and promised date). */
    private final int[] slotOrdered;

    private final OnlineOperations operations;

    // per SKU, recomputed each day
    private final double[] demand;
    private final double[] forecast;
    private final int[] discount;
    private final boolean[] selling;
    private final boolean[] canOrder;
    private final int[] reviewDays;

    Simulation(Chain chain, DropFolder drop, PlantPlan plan, ShopFloor floor) {
        this.chain = chain;
        this.drop = drop;
        this.plan = plan;
        this.floor = floor;
        this.rng = Rng.derive(chain.spec.seed(), "demand");
        this.shop = new OnlineShop(chain);
        int pairs = chain.stores * chain.skus;
        onHand = new int[pairs];
        affinity = new float[pairs];
        slotQty = new int[2 * pairs];
        slotDay = new int[2 * pairs];
        slotOrdered = new int[2 * pairs];
        operations = new OnlineOperations(chain);
        demand = new double[chain.skus];
        forecast = new double[chain.skus];
        discount = new int[chain.skus];
        selling = new boolean[chain.skus];
        canOrder = new boolean[chain.skus];
        reviewDays = new int[chain.skus];
        double sigma = 0.35;
        for (int i = 0; i < NOISE_SIZE; i++) {
            noise[i] = rng.logNormal(-sigma * sigma / 2, sigma);
        }
        initialStock();
    }

    /** Settled stock at the start of the warm-up; lines that launch later get their first delivery on launch day. */
    private void initialStock() {
        int first = -Chain.WARMUP;
        prepareDay(first);
        for (int s = 0; s < chain.stores; s++) {
            for (int k = 0; k < chain.skus; k++) {
                int p = s * chain.skus + k;
                affinity[p] = (float) rng.logNormal(-0.06, 0.35);
                if (chain.launchDay[k] <= first) {
                    double rate = forecastRate(k, s, p);
                    onHand[p] = (int) Math.round(
                            chain.doNotReorder[k]
                                    ? rate
                                            * rng.between(
                                                    Chain.WARMUP + 20, Chain.WARMUP + 150) // sells through what is left
                                    : orderUpTo(k, rate, 4) * rng.between(0.5, 1.2));
                } else {
                    int launch = chain.launchDay[k];
                    double rate = chain.baseRate[k]
                            * chain.season[chain.skuCategory[k]][Math.min(launch, chain.days - 1) + Chain.WARMUP]
                            * chain.storeSize[s]
                            * affinity[p];
                    slotQty[2 * p] = sized(k, orderUpTo(k, rate, 7));
                    slotDay[2 * p] = launch;
                    slotOrdered[2 * p] = launch - chain.leadTime[k];
                }
            }
        }
    }

    void run() {
        for (int d = -Chain.WARMUP; d < chain.days; d++) {
            day(d);
        }
    }

    /** Distinct items in an average basket: what turns the items' receipt counts into the store's baskets. */
    static final double ITEMS_PER_BASKET = 5.5;

    private void day(int d) {
        prepareDay(d);
        DailyFiles files = d >= 0 ? new DailyFiles(chain, drop, plan, d) : null;
        int dow = chain.date(d).getDayOfWeek().getValue() - 1;
        int skus = chain.skus;
        for (int s = 0; s < chain.stores; s++) {
            double storeFactor = chain.storeSize[s] * WEEKDAY[dow] * rng.logNormal(0, 0.07);
            long storeSalesPence = 0;
            long storeItemLines = 0; // receipts that held each item, summed over the items: baskets x items per basket
            for (int k = 0; k < skus; k++) {
                int p = s * skus + k;
                int a = 2 * p;
                int b = a + 1;
                if (d >= chain.strikeDay[k] || d > chain.ltoEndDay[k]) {
                    slotQty[a] = 0; // open orders of a struck line or an ended offer are cancelled
                    slotQty[b] = 0;
                }
                if (slotQty[a] > 0 && slotDay[a] == d) {
                    onHand[p] += received(files, s, k, a, d);
                    slotQty[a] = 0;
                }
                if (slotQty[b] > 0 && slotDay[b] == d) {
                    onHand[p] += received(files, s, k, b, d);
                    slotQty[b] = 0;
                }
                if (d < chain.launchDay[k]) {
                    continue; // not ranged yet: no snapshot
                }
                int units = 0;
                double expected = demand[k] * storeFactor * affinity[p] * floor.uplift(p, d);
                if (expected > 0) {
                    int wanted = rng.poisson(expected * noise[(int) (rng.nextLong() >>> 52)]);
                    units = Math.min(wanted, onHand[p]);
                    onHand[p] -= units;
                }
                if (units == 0 && selling[k] && rng.nextDouble() < Math.min(0.04, 0.02 * expected)) {
                    units = rng.chance(0.85) ? -1 : -2; // a customer return goes back on the shelf
                    onHand[p] -= units;
                }
                if (canOrder[k] && (slotQty[a] == 0 || slotQty[b] == 0)) {
                    reorder(k, s, p, d);
                }
                if (floor.displayBuiltOn(p, d + 1)) {
                    fillDisplay(k, s, p, d);
                }
                if (files == null) {
                    continue;
                }
                if (units != 0) {
                    long price = chain.pricePence[k];
                    long discountPence = units > 0 ? Math.round(units * price * discount[k] / 100.0) : 0;
                    long total = units * price - discountPence;
                    int transactions = units < 0 ? 1 : Math.max(1, (int) Math.round(units / rng.between(1.0, 1.25)));
                    storeSalesPence += total;
                    storeItemLines += units > 0 ? transactions : 0;
                    files.sale(s, k, units, total, discountPence, transactions);
                }
                files.snapshot(s, k, onHand[p], slotQty[a] + slotQty[b]);
            }
            if (files != null) {
                // the till's basket count of the day, as a POS reports it beside its item lines (no random draw: the
                // rest of the chain stays as it was)
                files.baskets(s, storeItemLines == 0 ? 0 : Math.max(1, Math.round(storeItemLines / ITEMS_PER_BASKET)));
                // hours: a fixed crew to open the store plus hours that scale with the day's sales, in quarter hours
                double hours = (12 + 10 * chain.storeSize[s] + storeSalesPence / 100.0 / chain.storeProductivity[s])
                        * rng.logNormal(0, 0.04);
                long hundredths = Math.round(hours * 4) * 25;
                long cost = Math.round(hundredths * chain.storeWagePence[s] * rng.between(0.97, 1.03) / 100.0);
                files.storeDone(s, hundredths, cost);
            }
        }
        if (files != null) {
            shop.writeDay(d, demand, discount, seasonFactor(), files.orders(), plan);
            files.close();
            floor.writeRelay(drop, d);
            if (d % MasterFiles.PROMOTIONS_EVERY == 0) {
                MasterFiles.promotions(chain, drop, d);
            }
            operations.writeDay(d, shop.placedToday(), drop);
            if (d == chain.days - 1) {
                operations.writeCustomers(chain.date(d), drop);
            }
            if (d == chain.productsReissueDay) {
                MasterFiles.products(chain, drop, d);
            }
        }
    }

    /** Per-SKU values of the day: demand rate (season, trend, promotion), forecast, discount, ordering. */
    private void prepareDay(int d) {
        LocalDate date = chain.date(d);
        int dowBit = 1 << (date.getDayOfWeek().getValue() - 1);
        int dow = date.getDayOfWeek().getValue() - 1;
        for (int k = 0; k < chain.skus; k++) {
            double level = chain.baseRate[k]
                    * chain.season[chain.skuCategory[k]][d + Chain.WARMUP]
                    * StrictMath.exp(chain.trend[k] * (d - (chain.days - 1)) / 365.0);
            boolean ranged = d >= chain.launchDay[k];
            selling[k] = ranged && d <= chain.ltoEndDay[k];
            double uplift = 1;
            discount[k] = 0;
            if (chain.isStruckOn(k, d)) {
                discount[k] = CLEARANCE_PERCENT;
                uplift = CLEARANCE_UPLIFT;
            } else {
                int promo = chain.promotion(k, d);
                if (promo >= 0) {
                    discount[k] = chain.promoDiscountPercent[promo];
                    uplift = chain.promoUplift[promo];
                }
            }
            demand[k] = selling[k] ? level * uplift : 0;
            forecast[k] = level * chain.forecastBias[k];
            int supplier = chain.skuSupplier[k];
            canOrder[k] = ranged
                    && (chain.supplierOrderMask[supplier] & dowBit) != 0
                    && !chain.doNotReorder[k]
                    && !chain.isStruckOn(k, d)
                    && d + chain.leadTime[k] <= chain.ltoEndDay[k];
            int review = 1;
            while (review < 7 && (chain.supplierOrderMask[supplier] & (1 << ((dow + review) % 7))) == 0) {
                review++;
            }
            reviewDays[k] = review;
        }
    }

    private double forecastRate(int k, int s, int p) {
        return forecast[k] * chain.storeSize[s] * affinity[p];
    }

    private double orderUpTo(int k, double rate, int reviewDays) {
        double level = rate * (chain.leadTime[k] + reviewDays + chain.safetyDays[k]);
        return Math.max(level, Math.max(1, chain.presentationMin[k]));
    }

    /** The chain's own (legacy) policy: order up to cover lead time + review + safety when below the reorder point. */
    private void reorder(int k, int s, int p, int d) {
        double rate = forecastRate(k, s, p);
        double reorderPoint =
                Math.max(rate * (chain.leadTime[k] + chain.safetyDays[k]), Math.max(0.5, chain.presentationMin[k]));
        double level = Math.max(orderUpTo(k, rate, reviewDays[k]), reorderPoint + 1);
        int a = 2 * p;
        int position = onHand[p] + slotQty[a] + slotQty[a + 1];
        if (position >= reorderPoint) {
            return;
        }
        int qty = sized(k, level - position);
        int slot = slotQty[a] == 0 ? a : a + 1;
        int supplier = chain.skuSupplier[k];
        int late = rng.nextDouble() < chain.supplierLateShare[supplier] ? rng.between(1, 3) : 0;
        slotQty[slot] = qty;
        slotDay[slot] = d + chain.leadTime[k] + late;
        slotOrdered[slot] = d;
    }

    /**
     * The evening before a secondary display is built, the store orders its extra stock for delivery the next morning
     * (a free order slot, else added to the order that arrives first), so the display does not sell out.
     */
    private void fillDisplay(int k, int s, int p, int d) {
        int a = 2 * p;
        int qty = sized(k, ShopFloor.displayFill(forecastRate(k, s, p)));
        int slot = slotQty[a] == 0 ? a : slotQty[a + 1] == 0 ? a + 1 : slotDay[a] <= slotDay[a + 1] ? a : a + 1;
        if (slotQty[slot] == 0) {
            slotDay[slot] = d + 1;
        }
        slotQty[slot] += qty;
    }

    /** Raises a need to the MOQ, then to whole cases. */
    private int sized(int k, double need) {
        int qty = (int) Math.ceil(need);
        qty = Math.max(qty, chain.moq[k]);
        int pack = chain.casePack[k];
        return Math.max(pack, (qty + pack - 1) / pack * pack);
    }

    /** Delivers an open order (slot) and, from the first day of the history on, writes its receipt. */
    private int received(DailyFiles files, int s, int k, int slot, int d) {
        int got = delivered(k, slotQty[slot]);
        if (files != null) {
            files.receipt(s, k, slotOrdered[slot], slotOrdered[slot] + chain.leadTime[k], slotQty[slot], got);
        }
        return got;
    }

    /** What actually arrives: now and then the supplier ships short (whole cases); the rest is cancelled. */
    private int delivered(int k, int ordered) {
        if (rng.nextDouble() >= chain.supplierShortShare[chain.skuSupplier[k]]) {
            return ordered;
        }
        int pack = chain.casePack[k];
        return (int) Math.floor(ordered * rng.between(0.4, 0.9) / pack) * pack;
    }

    /** Today's chain demand relative to its base: drives the number of web orders. */
    private double seasonFactor() {
        double today = 0;
        double base = 0;
        for (int k = 0; k < chain.skus; k++) {
            today += demand[k];
            base += chain.baseRate[k];
        }
        return base == 0 ? 0 : today / base;
    }
}
