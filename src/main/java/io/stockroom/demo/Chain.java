package io.stockroom.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The master data of one generated chain, in primitive arrays indexed by store, supplier and SKU (the daily
 * simulation touches millions of store × SKU pairs, so no object per SKU on the hot path).
 * Days are indexes: 0 is the first business date written, negative days are the warm-up before it.
 */
final class Chain {

    /** Days simulated before the first file, so the first day already has open orders and settled stock. */
    static final int WARMUP = 42;

    static final int NEVER = Integer.MAX_VALUE;
    static final int NO_PRESENTATION_MIN = -1;

    final ChainSpec spec;
    final LocalDate firstDate;
    final int days;

    // stores
    final int stores;
    final String[] storeId;
    final byte[][] storeIdBytes;
    final String[] storeName;
    final String[] storeArea;
    final String[] storeRegion;
    final LocalDate[] storeOpened;
    final double[] storeSize;
    /** Labour cost per hour in pence, on-costs included. */
    final int[] storeWagePence;
    /** Sales (GBP) one labour hour serves, beyond the fixed hours of opening the store. */
    final double[] storeProductivity;

    // suppliers
    final int suppliers;
    final String[] supplierId;
    final String[] supplierName;
    final int[] supplierLead;
    final String[] supplierOrderDays;
    /** Bit (dayOfWeek - 1) set when the supplier takes orders that day. */
    final int[] supplierOrderMask;

    final long[] supplierMinOrderPence;
    final double[] supplierLateShare;
    final double[] supplierShortShare;

    // categories
    final int categories;
    final String[] categoryName;
    final String[] categoryDepartment;
    /** Seasonality × chain footfall per category and day index (offset by WARMUP). */
    final double[][] season;

    // SKUs
    final int skus;
    final String[] sku;
    final byte[][] skuBytes;
    final String[] skuName;
    final String[] skuBrand;
    final int[] skuCategory;
    final int[] pricePence;
    final int[] costPence;
    final int[] supplierCostPence;
    /** Units per day in an average store at the end date, before season, promotions and noise. */
    final double[] baseRate;
    /** Relative demand growth per year. */
    final double[] trend;
    /** How far the chain's own (legacy) ordering over- or under-estimates demand. */
    final double[] forecastBias;

    final int[] skuSupplier;
    final int[] leadTime;
    final boolean[] leadTimeOverride;
    final int[] casePack;
    final int[] moq;
    final int[] presentationMin;
    final double[] safetyDays;
    final boolean[] doNotReorder;
    /** First day the SKU is ranged (new lines and limited-time offers launch during the history). */
    final int[] launchDay;
    /** Last day a limited-time offer sells; NEVER for other SKUs. */
    final int[] ltoEndDay;
    /** Day the SKU is struck (discontinued); NEVER for others. */
    final int[] strikeDay;
    /** SKUs whose supplier mapping is missing from the ERP export (the chain still orders them). */
    final boolean[] missingSupplierMapping;

    // promotions: SKU k has windows promoFrom[k] .. promoFrom[k+1]-1
    final int[] promoFrom;
    final int[] promoStart;
    final int[] promoEnd;
    final int[] promoDiscountPercent;
    final double[] promoUplift;

    // online orders
    final String[] countries;
    final double[] countryCumulative;

    /** The day struck SKUs are struck and the product master is sent again (NEVER when it is not re-sent). */
    final int productsReissueDay;

    Chain(ChainSpec spec, Catalogue catalogue) {
        this.spec = spec;
        this.firstDate = spec.firstDate();
        this.days = spec.days();
        Rng rng = Rng.derive(spec.seed(), "master");

        // ---------------------------------------------------------------- stores
        stores = spec.stores();
        storeId = new String[stores];
        storeIdBytes = new byte[stores][];
        storeName = new String[stores];
        storeArea = new String[stores];
        storeRegion = new String[stores];
        storeOpened = new LocalDate[stores];
        storeSize = new double[stores];
        storeWagePence = new int[stores];
        storeProductivity = new double[stores];
        int[] inArea = new int[spec.areas()];
        for (int s = 0; s < stores; s++) {
            int a = (int) ((long) s * spec.areas() / stores);
            Catalogue.Area area = catalogue.areas().get(a);
            int n = inArea[a]++;
            List<String> names = area.stores();
            storeId[s] = String.format("S%03d", s + 1);
            storeIdBytes[s] = ascii(storeId[s]);
            storeName[s] = names.get(n % names.size()) + (n >= names.size() ? " " + (n / names.size() + 1) : "");
            storeArea[s] = area.name();
            storeRegion[s] = area.region();
            storeOpened[s] = LocalDate.of(1994 + rng.nextInt(28), 1, 1).plusDays(rng.nextInt(365));
            storeSize[s] = n == 0 ? rng.between(1.5, 1.9) : clamp(rng.logNormal(0, 0.25), 0.55, 1.4);
            double wage = rng.between(12.10, 12.90) * (area.name().equals("London") ? 1.12 : 1.0) * 1.13;
            storeWagePence[s] = (int) Math.round(wage * 100);
            storeProductivity[s] = rng.between(130, 170);
        }

        // ---------------------------------------------------------------- suppliers
        suppliers = spec.suppliers();
        supplierId = new String[suppliers];
        supplierName = new String[suppliers];
        supplierLead = new int[suppliers];
        supplierOrderDays = new String[suppliers];
        supplierOrderMask = new int[suppliers];
        supplierMinOrderPence = new long[suppliers];
        supplierLateShare = new double[suppliers];
        supplierShortShare = new double[suppliers];
        for (int v = 0; v < suppliers; v++) {
            supplierId[v] = String.format("SUP%02d", v + 1);
            if (v < catalogue.suppliers().size()) {
                Catalogue.Supplier c = catalogue.suppliers().get(v);
                supplierName[v] = c.name();
                supplierLead[v] = c.leadTimeDays();
                supplierOrderDays[v] = c.orderDays();
                supplierMinOrderPence[v] = Math.round(c.minOrderValue() * 100);
            } else {
                supplierName[v] = "Regional Supplier " + (v + 1) + " Ltd";
                supplierLead[v] = rng.between(2, 14);
                supplierOrderDays[v] = supplierLead[v] <= 3 ? "MON,WED,FRI" : supplierLead[v] <= 8 ? "MON,THU" : "WED";
                supplierMinOrderPence[v] = 100L * 50 * rng.between(3, 20);
            }
            supplierOrderMask[v] = orderMask(supplierOrderDays[v]);
            supplierLateShare[v] = rng.between(0.03, 0.12);
            supplierShortShare[v] = rng.between(0.02, 0.08);
        }

        // ---------------------------------------------------------------- categories
        List<Catalogue.Category> cats = new ArrayList<>();
        List<String> depts = new ArrayList<>();
        for (Catalogue.Department d : catalogue.departments()) {
            for (Catalogue.Category c : d.categories()) {
                cats.add(c);
                depts.add(d.name());
            }
        }
        categories = cats.size();
        categoryName = new String[categories];
        categoryDepartment = new String[categories];
        season = new double[categories][WARMUP + days];
        for (int c = 0; c < categories; c++) {
            categoryName[c] = cats.get(c).name();
            categoryDepartment[c] = depts.get(c);
            for (int d = -WARMUP; d < days; d++) {
                season[c][d + WARMUP] = seasonality(cats.get(c).season(), date(d));
            }
        }

        // ---------------------------------------------------------------- SKUs
        skus = spec.skus();
        int[] perCategory = allocate(cats, skus);
        sku = new String[skus];
        skuBytes = new byte[skus][];
        skuName = new String[skus];
        skuBrand = new String[skus];
        skuCategory = new int[skus];
        pricePence = new int[skus];
        costPence = new int[skus];
        supplierCostPence = new int[skus];
        baseRate = new double[skus];
        trend = new double[skus];
        forecastBias = new double[skus];
        skuSupplier = new int[skus];
        leadTime = new int[skus];
        leadTimeOverride = new boolean[skus];
        casePack = new int[skus];
        moq = new int[skus];
        presentationMin = new int[skus];
        safetyDays = new double[skus];
        doNotReorder = new boolean[skus];
        launchDay = new int[skus];
        ltoEndDay = new int[skus];
        strikeDay = new int[skus];
        missingSupplierMapping = new boolean[skus];
        Set<String> names = new HashSet<>();
        int k = 0;
        for (int c = 0; c < categories; c++) {
            Catalogue.Category cat = cats.get(c);
            for (int i = 0; i < perCategory[c]; i++, k++) {
                skuCategory[k] = c;
                sku[k] = Integer.toString(100_001 + k);
                skuBytes[k] = ascii(sku[k]);
                String brand = rng.pick(cat.brands());
                boolean ownLabel = brand.startsWith("Stockroom");
                skuBrand[k] = brand;
                skuName[k] = uniqueName(names, rng, cat, brand);
                double lo = cat.price().get(0);
                double hi = cat.price().get(1);
                double price =
                        StrictMath.exp(rng.between(StrictMath.log(lo), StrictMath.log(hi))) * (ownLabel ? 0.8 : 1.0);
                pricePence[k] = pricePoint(Math.max(lo * 0.8, price));
                double margin = rng.between(cat.margin().get(0), cat.margin().get(1)) + (ownLabel ? 0.04 : 0.0);
                costPence[k] = (int) Math.max(1, Math.min(pricePence[k] - 1, Math.round(pricePence[k] * (1 - margin))));
                supplierCostPence[k] =
                        rng.chance(0.08) ? (int) Math.round(costPence[k] * rng.between(0.97, 1.04)) : costPence[k];
                double mid = StrictMath.sqrt(lo * hi);
                baseRate[k] = rng.logNormal(StrictMath.log(0.85), 1.15)
                        * cat.rate()
                        * (ownLabel ? 1.1 : 1.0)
                        * StrictMath.pow(mid / (pricePence[k] / 100.0), 0.5);
                trend[k] = clamp(rng.gaussian() * 0.18, -0.45, 0.45);
                double bias = rng.logNormal(0, 0.18);
                double r = rng.nextDouble();
                forecastBias[k] = r < 0.08 ? bias * 0.7 : r < 0.16 ? bias * 1.7 : bias;
                skuSupplier[k] = (int) ((long) k * suppliers / skus);
                leadTime[k] = supplierLead[skuSupplier[k]];
                if (rng.chance(0.06)) {
                    leadTimeOverride[k] = true;
                    leadTime[k] = (int) clamp(leadTime[k] + rng.between(-3, 5), 1, 21);
                }
                casePack[k] = packForMovement(rng.pick(cat.casePacks()), baseRate[k]);
                double m = rng.nextDouble();
                moq[k] = m < 0.30 ? 0 : m < 0.80 ? casePack[k] : m < 0.95 ? 2 * casePack[k] : casePack[k] * 3 / 2;
                presentationMin[k] = rng.chance(0.7)
                        ? (int) clamp(Math.round(2 + baseRate[k] * 1.5 + rng.nextInt(3)), 2, 24)
                        : NO_PRESENTATION_MIN;
                safetyDays[k] = rng.between(3.0, 6.0);
                launchDay[k] = -NEVER;
                ltoEndDay[k] = NEVER;
                strikeDay[k] = NEVER;
            }
        }

        // ---------------------------------------------------------------- status flags on distinct SKUs
        int[] order = permutation(skus, rng);
        int next = 0;
        int dnr = Math.max(1, Math.round(skus * 0.02f));
        int struck = Math.max(1, Math.round(skus * 0.015f));
        int lto = Math.max(2, Math.round(skus * 0.02f));
        int fresh = days >= 14 ? Math.max(1, Math.round(skus * 0.01f)) : 0;
        int unmapped = Math.max(1, Math.round(skus * 0.002f));
        for (int i = 0; i < dnr; i++) {
            doNotReorder[order[next++]] = true;
        }
        productsReissueDay = days >= 3 ? days * 2 / 3 : NEVER;
        for (int i = 0; i < struck; i++) {
            strikeDay[order[next++]] = productsReissueDay == NEVER ? -WARMUP / 2 : productsReissueDay;
        }
        for (int i = 0; i < lto; i++) {
            int s = order[next++];
            ltoEndDay[s] = i % 2 == 0
                    ? rng.between(days / 4, Math.max(days / 4, days * 17 / 20))
                    : days - 1 + rng.between(3, 25);
            launchDay[s] = ltoEndDay[s] - rng.between(35, 70);
        }
        for (int i = 0; i < fresh; i++) {
            launchDay[order[next++]] = rng.between(Math.max(1, days - 21), days - 3);
        }
        for (int i = 0; i < unmapped; i++) {
            missingSupplierMapping[order[next++]] = true;
        }

        // ---------------------------------------------------------------- promotions
        List<int[]> windows = new ArrayList<>();
        List<Double> uplifts = new ArrayList<>();
        promoFrom = new int[skus + 1];
        int[] discounts = {10, 15, 20, 25, 33};
        for (int s = 0; s < skus; s++) {
            promoFrom[s] = windows.size();
            if (ltoEndDay[s] != NEVER || !rng.chance(0.5)) {
                continue;
            }
            int t = -WARMUP + rng.nextInt(45);
            while (t < days) {
                int length = rng.chance(0.6) ? 7 : 14;
                int discount = discounts[rng.nextInt(discounts.length)];
                windows.add(new int[] {t, t + length - 1, discount});
                uplifts.add(1 + discount / 100.0 * rng.between(2.5, 5.0));
                t += length + rng.between(21, 75);
            }
        }
        promoFrom[skus] = windows.size();
        promoStart = new int[windows.size()];
        promoEnd = new int[windows.size()];
        promoDiscountPercent = new int[windows.size()];
        promoUplift = new double[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            promoStart[i] = windows.get(i)[0];
            promoEnd[i] = windows.get(i)[1];
            promoDiscountPercent[i] = windows.get(i)[2];
            promoUplift[i] = uplifts.get(i);
        }

        // ---------------------------------------------------------------- countries for online orders
        countries = new String[catalogue.countries().size()];
        countryCumulative = new double[countries.length];
        double total = 0;
        int i = 0;
        for (Map.Entry<String, Double> e : catalogue.countries().entrySet()) {
            countries[i] = e.getKey();
            total += e.getValue();
            countryCumulative[i++] = total;
        }
        for (int j = 0; j < countries.length; j++) {
            countryCumulative[j] /= total;
        }
    }

    LocalDate date(int day) {
        return firstDate.plusDays(day);
    }

    boolean isStruckOn(int k, int day) {
        return day >= strikeDay[k];
    }

    /** Index of the promotion window covering the day, or -1. */
    int promotion(int k, int day) {
        for (int i = promoFrom[k]; i < promoFrom[k + 1]; i++) {
            if (day >= promoStart[i] && day <= promoEnd[i]) {
                return i;
            }
        }
        return -1;
    }

    String dateText(int day) {
        return date(day).format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    static int orderMask(String orderDays) {
        int mask = 0;
        for (String d : orderDays.split(",")) {
            for (DayOfWeek w : DayOfWeek.values()) {
                if (w.name().startsWith(d.strip())) {
                    mask |= 1 << (w.getValue() - 1);
                }
            }
        }
        return mask;
    }

    /** Seasonal curve of the category times the chain's footfall (Christmas peak, January lull). */
    private static double seasonality(Catalogue.Season s, LocalDate date) {
        int doy = date.getDayOfYear();
        double curve = Math.max(0.1, 1 + s.amplitude() * StrictMath.cos(2 * Math.PI * (doy - s.peak()) / 365.25));
        double bump = christmasBump(date);
        double footfall = 1 + 0.35 * bump;
        if (date.getMonthValue() == 12 && date.getDayOfMonth() == 25) {
            footfall = 0.25; // most stores shut, a few open short hours
        } else if (date.getMonthValue() == 12 && date.getDayOfMonth() == 26) {
            footfall = 1.3; // Boxing Day sales
        } else if (date.getMonthValue() == 1 && date.getDayOfMonth() <= 21) {
            footfall = 0.9;
        }
        return curve * (1 + s.christmas() * bump) * footfall;
    }

    private static double christmasBump(LocalDate date) {
        if (date.getMonthValue() != 12 || date.getDayOfMonth() > 24) {
            return 0;
        }
        double x = (23 - date.getDayOfMonth()) / 9.0;
        return StrictMath.exp(-x * x);
    }

    private static String uniqueName(Set<String> used, Rng rng, Catalogue.Category cat, String brand) {
        String name = null;
        for (int attempt = 0; attempt < 25; attempt++) {
            name = (brand + " " + rng.pick(cat.variants()) + " " + rng.pick(cat.items()) + " " + rng.pick(cat.sizes()))
                    .strip();
            if (used.add(name)) {
                return name;
            }
        }
        for (int n = 2; ; n++) {
            String candidate = name + " (" + n + " pack)";
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    /** Snaps a price to a shelf price point: £x.25, £x.49, £x.75, £x.99 below £10; £x.50, £x.99, £x.00 above. */
    private static int pricePoint(double price) {
        int pounds = (int) Math.floor(price);
        double frac = price - pounds;
        int[] points = price < 10 ? new int[] {-1, 25, 49, 75, 99} : new int[] {-1, 50, 99};
        int best = 99;
        double bestDistance = Double.MAX_VALUE;
        for (int p : points) {
            double distance = Math.abs(frac - p / 100.0);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = p;
            }
        }
        int pence = best == -1 ? pounds * 100 - 1 : pounds * 100 + best;
        return Math.max(49, pence);
    }

    /** Splits the SKU count over categories by weight (largest remainder), so the total is exact. */
    private static int[] allocate(List<Catalogue.Category> cats, int total) {
        double sum = cats.stream().mapToDouble(Catalogue.Category::weight).sum();
        int[] out = new int[cats.size()];
        double[] remainder = new double[cats.size()];
        int given = 0;
        for (int c = 0; c < cats.size(); c++) {
            double exact = total * cats.get(c).weight() / sum;
            out[c] = (int) Math.floor(exact);
            remainder[c] = exact - out[c];
            given += out[c];
        }
        while (given < total) {
            int best = 0;
            for (int c = 1; c < cats.size(); c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            out[best]++;
            remainder[best] = -1;
            given++;
        }
        return out;
    }

    private static int[] permutation(int n, Rng rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Days of an average store's demand that one pack may hold at most (the supplier's inner pack for slow movers). */
    static final int PACK_DAYS = 14;

    /**
     * The category's case pack, or for a slow mover the largest inner pack (a divisor of the case, down to single
     * units) that holds no more than {@link #PACK_DAYS} days of an average store's demand: suppliers and DCs ship
     * slow lines in inner packs or eaches, so a store is not sent a year of an item in one case.
     */
    static int packForMovement(int casePack, double ratePerDay) {
        double most = Math.max(1, ratePerDay * PACK_DAYS);
        if (casePack <= most) {
            return casePack;
        }
        for (int inner = (int) Math.floor(most); inner > 1; inner--) {
            if (casePack % inner == 0) {
                return inner;
            }
        }
        return 1;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
