package io.stockroom.cli;

import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.security.AuditTrail;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Component
@Command(
        name = "expected",
        mixinStandardHelpOptions = true,
        description =
                "Show which feeds are due on a business date (learned from history, edited by rules), what did not arrive, or edit the rules.")
class ExpectedCommand implements Callable<Integer> {

    private final ExpectedArrivals arrivals;
    private final io.stockroom.StockroomProperties properties;
    private final AuditTrail audit;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", description = "Business date to show (default: yesterday).")
    LocalDate date;

    @Option(
            names = "--set",
            paramLabel = "DATASET",
            description = "Add or replace a rule for this dataset (expected unless --not).")
    String set;

    @Option(
            names = "--unset",
            paramLabel = "DATASET",
            description = "Remove the rule for this dataset, --store and --on.")
    String unset;

    @Option(names = "--store", description = "The rule's store (default: every store).")
    String store;

    @Option(
            names = "--on",
            defaultValue = "daily",
            description = "daily, a weekday (MON or MONDAY) or a date (YYYY-MM-DD). Default: daily.")
    String on;

    @Option(names = "--not", description = "The rule says the feed is NOT due (a holiday, a closed store).")
    boolean not;

    @Option(names = "--note", description = "Why, for whoever reads the calendar next.")
    String note;

    ExpectedCommand(ExpectedArrivals arrivals, AuditTrail audit, io.stockroom.StockroomProperties properties) {
        this.properties = properties; // null when only --help is asked for (QuickCli builds no application)
        this.arrivals = arrivals;
        this.audit = audit;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (set != null) {
            ExpectedArrivals.Rule r = arrivals.setRule(new ExpectedArrivals.Rule(set, store, on, !not, note));
            // as the API's rule changes are: what the completeness of a day is judged by is audited
            audit.record(AuditTrail.Entry.write("set_expected_rule", "expected_feed_rule", r.dataset(), null, r, 1L));
            out.printf(
                    "rule set: %s, store %s, %s: %s%n",
                    r.dataset(), r.storeId(), r.appliesTo(), r.expected() ? "expected" : "not expected");
        } else if (unset != null) {
            boolean removed = arrivals.removeRule(unset, store, on);
            if (removed) {
                audit.record(AuditTrail.Entry.write(
                        "remove_expected_rule",
                        "expected_feed_rule",
                        unset,
                        Map.of(
                                "dataset",
                                unset,
                                "store_id",
                                store == null ? "*" : store,
                                "applies_to",
                                String.valueOf(on)),
                        null,
                        1L));
            }
            out.println(
                    removed
                            ? "rule removed"
                            : "no such rule: " + unset + ", store " + (store == null ? "*" : store) + ", " + on);
            out.flush();
            return removed ? 0 : 2;
        } else {
            LocalDate d = date == null ? LocalDate.now(properties.zone()).minusDays(1) : date;
            out.printf("Expected on %s (%s):%n", d, d.getDayOfWeek());
            var calendar = arrivals.calendar(d);
            if (calendar.isEmpty()) {
                out.println(
                        "    nothing: no dataset arrived on most recent same weekdays, or a rule below takes it off");
            }
            // one line per dataset and reason: a chain of 500 stores should not print 500 lines per dataset
            Map<String, List<String>> grouped = new LinkedHashMap<>();
            calendar.forEach(e -> grouped.computeIfAbsent(e.dataset() + "\t" + e.why(), k -> new ArrayList<>())
                    .add(e.storeId()));
            grouped.forEach((key, stores) -> {
                String[] k = key.split("\t", 2);
                String who = stores.equals(List.of("*"))
                        ? ""
                        : stores.size() == 1
                                ? stores.get(0)
                                : stores.size() + " stores ("
                                        + String.join(", ", stores.size() > 6 ? stores.subList(0, 6) : stores)
                                        + (stores.size() > 6 ? ", ..." : "") + ")";
                out.printf("    %-14s %-28s %s%n", k[0], who, k[1]);
            });
            var gaps = arrivals.gaps(d, d, null, null);
            out.println(
                    gaps.isEmpty()
                            ? "Last check: nothing missing (or the date was not run yet)."
                            : "Last check: not arrived:");
            gaps.forEach(g ->
                    out.printf("    %-14s %-8s %s%n", g.dataset(), g.status(), String.join(", ", g.missingStores())));
        }
        var rules = arrivals.rules();
        if (!rules.isEmpty()) {
            out.println("Rules:");
            rules.forEach(r -> out.printf(
                    "    %-14s %-8s %-12s %-13s %s%n",
                    r.dataset(),
                    r.storeId(),
                    r.appliesTo(),
                    r.expected() ? "expected" : "not expected",
                    r.note() == null ? "" : r.note()));
        }
        out.flush();
        return 0;
    }
}
