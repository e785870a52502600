package io.stockroom.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Which day gets which deliberate problem, so the quarantine and failure paths have something to show.
 * Days are fixed fractions of the history (the same for every seed); each problem touches one store's rows,
 * so no file but the one bad file passes the 5% error threshold at the default size.
 */
final class PlantPlan {

    final int unknownSkuDay;
    final int textUnitsDay;
    final int slashDateDay;
    final int duplicateDay;
    final int negativeOnOrderDay;
    final int negativePriceDay;
    final int missingColumnDay;
    /** The store whose rows carry the dirty values. */
    final int store;

    private final List<String> problems = new ArrayList<>();

    PlantPlan(Chain chain) {
        int days = chain.days;
        unknownSkuDay = at(days, 0.15);
        textUnitsDay = at(days, 0.30);
        duplicateDay = at(days, 0.45);
        negativeOnOrderDay = at(days, 0.55);
        negativePriceDay = at(days, 0.65);
        missingColumnDay = at(days, 0.75);
        int slash = at(days, 0.40);
        // a day-of-month above 12 makes dd/mm/yyyy unambiguous, so the file still loads correctly
        for (int d = slash; d < Math.min(days, slash + 14); d++) {
            if (chain.date(d).getDayOfMonth() > 12 && d != missingColumnDay) {
                slash = d;
                break;
            }
        }
        slashDateDay = slash;
        store = chain.stores / 2;
    }

    private static int at(int days, double share) {
        return Math.min(days - 1, (int) Math.round((days - 1) * share));
    }

    void add(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
