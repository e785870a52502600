package io.stockroom.metrics;

import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.arrivals.ExpectedArrivals.IncompleteDay;
import io.stockroom.metrics.QualityViews.TrinoMartWait;
import io.stockroom.model.LakeModels;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * On a Trino deployment (docs/scale.md), the marts on Trino that wait for its next refresh, from the warehouse alone
 * ({@link LakeModels#unsettled()}: the model state and the feeds loaded since Trino's last refresh, no Trino call): the
 * Quality page lists them, and a dashboard answer whose numbers come from one marks the dates it waits on in its {@code
 * completeness}, as a missing feed's days are, instead of showing the mart's stale or missing rows as the whole. Nothing
 * without Trino.
 */
@Component
public class MartsWaitingForTrino {

    /** What builds a mart on Trino that waits, as the Quality page says it. */
    static final String TRINO_BUILDS_IT = "Trino, at the next run, upload or 'stockroom lake models' once it answers";

    /** Null without Trino. */
    private final LakeModels onTrino;

    private final MetricsProperties properties;

    MartsWaitingForTrino(ObjectProvider<LakeModels> onTrino, MetricsProperties properties) {
        this.onTrino = onTrino.getIfAvailable();
        this.properties = properties;
    }

    /**
     * The marts on Trino that wait: those this version added or changed, on every date, and for the dates loaded since
     * Trino's last refresh the ones the warehouse cannot compute meanwhile ({@link LakeModels#overLakeMarts()}); the
     * others on Trino the warehouse refreshes when Trino fails an upload or a start. Empty without Trino.
     */
    public List<TrinoMartWait> waiting() {
        if (onTrino == null) {
            return List.of();
        }
        LakeModels.Unsettled unsettled = onTrino.unsettled();
        List<TrinoMartWait> out = new ArrayList<>();
        for (String mart : unsettled.models()) {
            out.add(new TrinoMartWait(mart, "new_or_changed", List.of(), TRINO_BUILDS_IT));
        }
        List<LocalDate> dates = List.copyOf(new TreeSet<>(unsettled.loaded().orElse(Set.of())));
        if (!dates.isEmpty()) {
            Set<String> notOnTheWarehouse = onTrino.overLakeMarts();
            for (String mart : onTrino.modelNames()) {
                if (notOnTheWarehouse.contains(mart) && !unsettled.models().contains(mart)) {
                    out.add(new TrinoMartWait(mart, "loads_not_in", dates, TRINO_BUILDS_IT));
                }
            }
        }
        return out;
    }

    /**
     * {@code marks} with the dates from {@code from} through {@code to} on which one of {@code marts} (those an answer
     * reads) waits for Trino's next refresh: each such day is incomplete, with a line naming the marts and why. A mart
     * this version changed waits on every date up to today (in the retailer's zone); one that misses loads, on their
     * dates. The marks as they are without Trino, or when none of the marts waits.
     */
    public ExpectedArrivals.Marks marked(
            ExpectedArrivals.Marks marks, LocalDate from, LocalDate to, Collection<String> marts) {
        if (onTrino == null || from == null || to == null) {
            return marks;
        }
        LocalDate today = LocalDate.now(properties.zone());
        LocalDate last = to.isAfter(today) ? today : to;
        // per day, the marts that wait and why: one line per reason, naming them
        Map<LocalDate, Map<String, List<String>>> waits = new TreeMap<>();
        for (TrinoMartWait w : waiting()) {
            if (!marts.contains(w.mart())) {
                continue;
            }
            boolean changed = w.reason().equals("new_or_changed");
            List<LocalDate> dates = new ArrayList<>();
            if (changed) {
                for (LocalDate d = from; !d.isAfter(last); d = d.plusDays(1)) {
                    dates.add(d);
                }
            } else {
                w.dates().stream()
                        .filter(d -> !d.isBefore(from) && !d.isAfter(to))
                        .forEach(dates::add);
            }
            String why = changed ? "this version changed it" : "the loads of this day are not in it yet";
            for (LocalDate d : dates) {
                waits.computeIfAbsent(d, k -> new LinkedHashMap<>())
                        .computeIfAbsent(why, k -> new ArrayList<>())
                        .add(w.mart());
            }
        }
        if (waits.isEmpty()) {
            return marks;
        }
        Map<LocalDate, IncompleteDay> days = new TreeMap<>();
        marks.incompleteDays().forEach(d -> days.put(d.date(), d));
        waits.forEach((date, byWhy) -> days.merge(
                date,
                new IncompleteDay(date, lines(byWhy), List.of()),
                (had, more) -> new IncompleteDay(date, concat(had.missing(), more.missing()), had.absent())));
        return new ExpectedArrivals.Marks(false, List.copyOf(days.values()));
    }

    /**
     * The days from {@code from} through {@code to} on which one of {@code marts} waits for Trino's next refresh, for an
     * answer that marks nothing else; complete without Trino.
     */
    public ExpectedArrivals.Marks marks(LocalDate from, LocalDate to, Collection<String> marts) {
        return marked(new ExpectedArrivals.Marks(true, List.of()), from, to, marts);
    }

    /** "mart_sales_store_daily, mart_sales_daily wait for Trino's next refresh (the loads of this day are not in it yet)" */
    private static List<String> lines(Map<String, List<String>> byWhy) {
        List<String> out = new ArrayList<>();
        byWhy.forEach((why, marts) -> out.add(String.join(", ", marts)
                + (marts.size() == 1 ? " waits" : " wait")
                + " for Trino's next refresh (" + why + ")"));
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
