package io.stockroom.retention;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured policies, checked once: every dataset named exists, no value is negative, facts-days only on fact
 * datasets, and a feed's record is not set to go before its file, its quarantined rows or its warehouse rows (the
 * lineage every fact row carries would point nowhere).
 */
final class RetentionPolicies {

    /** Effective days per kind of data for one dataset; 0 keeps for ever. */
    record Days(int raw, int facts, int quarantine, int feeds) {
        static final Days KEEP = new Days(0, 0, 0, 0);

        boolean removesAnything() {
            return raw > 0 || facts > 0 || quarantine > 0 || feeds > 0;
        }
    }

    private final Days fallback;
    private final Map<String, Days> byDataset;
    private final ContractRegistry contracts;

    private RetentionPolicies(Days fallback, Map<String, Days> byDataset, ContractRegistry contracts) {
        this.fallback = fallback;
        this.byDataset = byDataset;
        this.contracts = contracts;
    }

    static RetentionPolicies of(RetentionProperties properties, ContractRegistry contracts) {
        List<String> problems = new ArrayList<>();
        RetentionProperties.Policy base = properties.datasets().get(RetentionProperties.DEFAULT);
        Days fallback = days(RetentionProperties.DEFAULT, base, new RetentionProperties.Policy(0, 0, 0, 0), problems);
        Map<String, Days> byDataset = new TreeMap<>();
        properties.datasets().forEach((name, policy) -> {
            if (name.equals(RetentionProperties.DEFAULT)) {
                return;
            }
            Optional<Contract> contract = contracts.find(name);
            if (contract.isEmpty()) {
                problems.add(
                        "stockroom.retention.datasets." + name + ": there is no dataset '" + name + "'. Use one of "
                                + String.join(", ", contracts.names()) + ", or 'default' for every dataset.");
                return;
            }
            if (!contract.get().isFact() && policy.factsDays() != null && policy.factsDays() > 0) {
                problems.add("stockroom.retention.datasets." + name + ".facts-days: " + name
                        + " is master data, its rows have no business "
                        + "date to age by. Remove facts-days there (it applies to fact datasets only).");
            }
            byDataset.put(
                    name,
                    days(name, policy, base == null ? new RetentionProperties.Policy(0, 0, 0, 0) : base, problems));
        });
        boolean factsUseDefault =
                contracts.all().stream().anyMatch(c -> c.isFact() && !byDataset.containsKey(c.dataset()));
        checkFeedsLast(RetentionProperties.DEFAULT, factsUseDefault, fallback, problems);
        byDataset.forEach((name, d) -> checkFeedsLast(name, contracts.get(name).isFact(), d, problems));
        if (!problems.isEmpty()) {
            throw new StockroomException(ErrorCode.CONFIG_INVALID, "Retention policy: " + String.join(" ", problems));
        }
        return new RetentionPolicies(fallback, byDataset, contracts);
    }

    /** The policy of a dataset (its own, else {@code default}); facts-days only counts for fact datasets. */
    Days of(String dataset) {
        Days d = byDataset.getOrDefault(dataset, fallback);
        boolean fact =
                dataset != null && contracts.find(dataset).map(Contract::isFact).orElse(false);
        return fact ? d : new Days(d.raw(), 0, d.quarantine(), d.feeds());
    }

    private static Days days(
            String name, RetentionProperties.Policy p, RetentionProperties.Policy base, List<String> problems) {
        RetentionProperties.Policy own = p == null ? base : p;
        int raw = value(name, "raw-days", own.rawDays(), base.rawDays(), problems);
        int facts = value(name, "facts-days", own.factsDays(), base.factsDays(), problems);
        int quarantine = value(name, "quarantine-days", own.quarantineDays(), base.quarantineDays(), problems);
        int feeds = value(name, "feeds-days", own.feedsDays(), base.feedsDays(), problems);
        return new Days(raw, facts, quarantine, feeds);
    }

    private static int value(String dataset, String key, Integer own, Integer inherited, List<String> problems) {
        Integer v = own != null ? own : inherited;
        if (v == null) {
            return 0;
        }
        if (v < 0) {
            problems.add("stockroom.retention.datasets." + dataset + "." + key + " is " + v
                    + ": days must be 0 (keep for ever) or more.");
            return 0;
        }
        return v;
    }

    private static void checkFeedsLast(String dataset, boolean fact, Days d, List<String> problems) {
        if (d.feeds() == 0) {
            return;
        }
        List<String> longer = new ArrayList<>();
        if (d.raw() == 0 || d.raw() > d.feeds()) {
            longer.add("raw-days (" + (d.raw() == 0 ? "for ever" : d.raw()) + ")");
        }
        if (d.quarantine() == 0 || d.quarantine() > d.feeds()) {
            longer.add("quarantine-days (" + (d.quarantine() == 0 ? "for ever" : d.quarantine()) + ")");
        }
        if (fact && (d.facts() == 0 || d.facts() > d.feeds())) {
            longer.add("facts-days (" + (d.facts() == 0 ? "for ever" : d.facts()) + ")");
        }
        if (!longer.isEmpty()) {
            problems.add("stockroom.retention.datasets." + dataset + ".feeds-days (" + d.feeds() + ") is shorter than "
                    + String.join(" and ", longer)
                    + ": a feed's record would go while its data stays. Set those to at most " + d.feeds()
                    + " days, or feeds-days to 0.");
        }
    }
}
