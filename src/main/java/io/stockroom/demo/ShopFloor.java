package io.stockroom.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chain's shop floors (docs/demo.md, "Planogram"): one gondola per category plus end caps, a checkout and a window
 * per store; every ranged SKU placed on its category's gondola; secondary displays with a known sales uplift that the
 * simulation applies, so display-lift analysis has a truth to recover.
 *
 * <p>Planted on purpose: the last store is still entering its planogram (only {@link #IN_PROGRESS_SHARE} of its SKUs
 * placed), and the first store has a few placements without shelf or facings recorded yet; halfway through the
 * history the first store re-lays some SKUs with more facings (a new version of those placements).
 */
final class ShopFloor {

    /** Display demand multiplier: +50 % while a SKU is on a secondary display. */
    static final double DISPLAY_UPLIFT = 1.5;

    static final int DISPLAY_DAYS = 14;
    /** Days before a display that the analysis uses as the pre-period. */
    static final int PRE_DAYS = 14;

    static final double IN_PROGRESS_SHARE = 0.6;
    static final int SHELVES = 5;
    private static final String[] DISPLAY_TYPES = {"end_cap", "floor_stack", "promo_bay"};
    private static final String[] DISPLAY_ZONES = {"entrance", "main_aisle", "main_aisle"};

    private final Chain chain;
    /** Secondary displays: store, SKU, first and last day (inclusive). */
    final List<int[]> displays = new ArrayList<>();
    /** Per store × SKU pair: the display's first and last day, or NEVER. */
    private final int[] displayStart;

    private final int[] displayEnd;

    ShopFloor(Chain chain) {
        this.chain = chain;
        int pairs = chain.stores * chain.skus;
        displayStart = new int[pairs];
        displayEnd = new int[pairs];
        Arrays.fill(displayStart, Chain.NEVER);
        Arrays.fill(displayEnd, -1);
        planDisplays();
    }

    /**
     * Two displays per store, of fast movers (top fifth by rate) that no other store displays, that sell plainly through the
     * pre-period and the display (no promotion, no offer end, no strike, launched long before, reordered), at staggered
     * dates. Needs a history of at least pre-period + display + a day.
     */
    private void planDisplays() {
        int window = PRE_DAYS + DISPLAY_DAYS;
        if (chain.days < window + 1) {
            return;
        }
        Integer[] byRate = new Integer[chain.skus];
        for (int k = 0; k < chain.skus; k++) {
            byRate[k] = k;
        }
        Arrays.sort(byRate, (a, b) -> Double.compare(chain.baseRate[b], chain.baseRate[a]));
        int candidates = Math.max(1, chain.skus / 5);
        int next = 0;
        for (int s = 0; s < chain.stores; s++) {
            for (int i = 0; i < 2; i++) {
                int start = PRE_DAYS + (int) ((s * 2L + i) * 5 % Math.max(1, chain.days - window));
                int end = start + DISPLAY_DAYS - 1;
                while (next < candidates && !plain(byRate[next], start - PRE_DAYS, end)) {
                    next++;
                }
                if (next >= candidates) {
                    return;
                }
                int k = byRate[next++];
                displays.add(new int[] {s, k, start, end});
                displayStart[s * chain.skus + k] = start;
                displayEnd[s * chain.skus + k] = end;
            }
        }
    }

    private boolean plain(int k, int from, int to) {
        if (chain.launchDay[k] > from - 7
                || chain.ltoEndDay[k] <= to
                || chain.strikeDay[k] <= to
                || chain.doNotReorder[k]) {
            return false;
        }
        for (int d = from; d <= to; d++) {
            if (chain.promotion(k, d) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The demand multiplier of store × SKU pair {@code p} on day {@code d}. */
    double uplift(int p, int d) {
        return d >= displayStart[p] && d <= displayEnd[p] ? DISPLAY_UPLIFT : 1.0;
    }

    /** True on a display's first day: the display is built and filled with extra stock then. */
    boolean displayBuiltOn(int p, int d) {
        return displayStart[p] == d;
    }

    /** The extra stock a display is built with: its expected extra sales, half again, so it does not run dry. */
    static int displayFill(double dailyRate) {
        return (int) Math.ceil(dailyRate * (DISPLAY_UPLIFT - 1) * DISPLAY_DAYS * 1.5) + 2;
    }

    // ---------------------------------------------------------------------------------------------------- files

    static String gondola(int category) {
        return String.format("G%02d", category + 1);
    }

    void writeMaster(DropFolder drop) {
        LocalDate first = chain.date(0);
        fixtures(drop, first);
        placements(drop, first);
        displaysFile(drop, first);
    }

    private void fixtures(DropFolder drop, LocalDate date) {
        CsvSink out = drop.open("fixtures", date)
                .header("store_id", "fixture_id", "fixture_type", "display_zone", "section", "shelf_count", "width_cm");
        for (int s = 0; s < chain.stores; s++) {
            for (int c = 0; c < chain.categories; c++) {
                boolean chilled =
                        chain.categoryName[c].toLowerCase(java.util.Locale.ROOT).contains("chill")
                                || chain.categoryName[c]
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .contains("dairy");
                out.text(chain.storeId[s])
                        .text(gondola(c))
                        .text(chilled ? "cooler" : "gondola")
                        .text(c % 3 == 2 ? "back_wall" : "main_aisle")
                        .text(chain.categoryName[c])
                        .integer(SHELVES)
                        .integer(c % 2 == 0 ? 120 : 180)
                        .endRow();
            }
            out.text(chain.storeId[s])
                    .text("E01")
                    .text("end_cap")
                    .text("entrance")
                    .text("Promotions")
                    .integer(3)
                    .integer(90)
                    .endRow();
            out.text(chain.storeId[s])
                    .text("E02")
                    .text("end_cap")
                    .text("main_aisle")
                    .text("Promotions")
                    .integer(3)
                    .integer(90)
                    .endRow();
            out.text(chain.storeId[s])
                    .text("K01")
                    .text("checkout")
                    .text("checkout")
                    .text("Impulse")
                    .integer(2)
                    .integer(60)
                    .endRow();
            out.text(chain.storeId[s])
                    .text("W01")
                    .text("window")
                    .text("entrance")
                    .text("Window")
                    .integer(1)
                    .integer(200)
                    .endRow();
        }
        drop.done("fixtures", out);
    }

    /** Whether the planogram of store {@code s} records SKU {@code k} (the last store is still entering its own). */
    boolean placed(int s, int k) {
        if (s == chain.stores - 1 && chain.stores > 1) {
            return (Rng.mix(chain.spec.seed() * 31 + k) >>> 11) % 1000 < IN_PROGRESS_SHARE * 1000;
        }
        return true;
    }

    private static final String[] PLACEMENT_COLUMNS = {
        "store_id",
        "fixture_id",
        "sku",
        "valid_from",
        "valid_to",
        "section",
        "shelf",
        "position",
        "facings",
        "capacity",
        "presentation_min"
    };

    private void placements(DropFolder drop, LocalDate date) {
        CsvSink out = drop.open("placements", date).header(PLACEMENT_COLUMNS);
        int[] slot = new int[chain.categories];
        for (int s = 0; s < chain.stores; s++) {
            Arrays.fill(slot, 0);
            for (int k = 0; k < chain.skus; k++) {
                int i = slot[chain.skuCategory[k]]++;
                if (chain.launchDay[k] >= chain.days || !placed(s, k)) {
                    continue;
                }
                // a line launched inside the history is placed from its launch day; the rest were laid before the
                // history
                LocalDate from = chain.launchDay[k] > 0 ? chain.date(chain.launchDay[k]) : date.minusDays(60);
                placement(out, s, k, i, from, facings(s, k), s == 0 && unrecorded(k));
            }
        }
        drop.done("placements", out);
    }

    /** Store 0 has not yet recorded shelf, position and facings of about 5 % of its SKUs. */
    private boolean unrecorded(int k) {
        return (Rng.mix(chain.spec.seed() + 7L * k) >>> 11) % 100 < 5;
    }

    private void placement(CsvSink out, int s, int k, int i, LocalDate from, int facings, boolean unrecorded) {
        int c = chain.skuCategory[k];
        out.text(chain.storeId[s])
                .text(gondola(c))
                .ascii(chain.skuBytes[k])
                .text(from.toString())
                .empty()
                .text(chain.categoryName[c]);
        if (unrecorded) {
            out.empty().empty().empty().empty().empty();
        } else {
            long capacity = (long) facings * unitsPerFacing(k);
            out.integer(i % SHELVES + 1)
                    .integer(i / SHELVES + 1)
                    .integer(facings)
                    .integer(capacity);
            if (chain.presentationMin[k] == Chain.NO_PRESENTATION_MIN) {
                out.empty();
            } else {
                out.integer(Math.min(chain.presentationMin[k], capacity));
            }
        }
        out.endRow();
    }

    /** Halfway through, the first store gives its fast movers one more facing: a new version of their placement. */
    void writeRelay(DropFolder drop, int day) {
        if (day != chain.days / 2 || chain.days < 2) {
            return;
        }
        List<int[]> relaid = new ArrayList<>();
        int[] slot = new int[chain.categories];
        for (int k = 0; k < chain.skus; k++) {
            int i = slot[chain.skuCategory[k]]++;
            if (chain.launchDay[k] <= 0 && !unrecorded(k) && chain.baseRate[k] >= 2 && placed(0, k)) {
                relaid.add(new int[] {k, i});
            }
        }
        if (relaid.isEmpty()) {
            return; // a header-only file would be refused
        }
        CsvSink out = drop.open("placements", chain.date(day)).header(PLACEMENT_COLUMNS);
        for (int[] r : relaid) {
            placement(out, 0, r[0], r[1], chain.date(day), Math.min(6, facings(0, r[0]) + 1), false);
        }
        drop.done("placements", out);
    }

    private int facings(int s, int k) {
        return (int) Math.max(1, Math.min(6, Math.round(chain.baseRate[k] * chain.storeSize[s])));
    }

    private int unitsPerFacing(int k) {
        return 4 + (int) ((Rng.mix(chain.spec.seed() + 13L * k) >>> 11) % 9);
    }

    private void displaysFile(DropFolder drop, LocalDate date) {
        if (displays.isEmpty()) {
            return; // a history too short for a pre-period and a display: no file (a header-only one would be refused)
        }
        CsvSink out = drop.open("displays", date)
                .header("store_id", "sku", "display_type", "display_zone", "start_date", "end_date");
        int i = 0;
        for (int[] d : displays) {
            out.text(chain.storeId[d[0]])
                    .ascii(chain.skuBytes[d[1]])
                    .text(DISPLAY_TYPES[i % DISPLAY_TYPES.length])
                    .text(DISPLAY_ZONES[i % DISPLAY_ZONES.length])
                    .text(chain.dateText(d[2]))
                    .text(chain.dateText(d[3]))
                    .endRow();
            i++;
        }
        drop.done("displays", out);
    }
}
