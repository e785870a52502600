package io.stockroom.arrivals;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.arrivals.Completeness.ArrivalStatus;
import io.stockroom.arrivals.Completeness.DatasetArrival;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import io.stockroom.security.CurrentActor;
import io.stockroom.security.StoreScope;
import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The calendar of expected feeds. A fact dataset (per store when its slice is per store) is expected on a business
 * date when it arrived on more than {@code stockroom.expected.min-share} of the last {@code history-weeks} same
 * weekdays (counted from the first of them it arrived on, so a new store is not held to weeks before it opened);
 * rules in {@code expected_feed_rules} add or remove expectations (the most specific wins: a date over a weekday
 * over daily, a store over every store). {@link #check} compares a date with what is in the warehouse and records it.
 */
@Service
public class ExpectedArrivals {

    public static final String ALL_STORES = "*";

    private final Warehouse warehouse;
    private final ContractRegistry contracts;
    private final ArrivalsProperties properties;

    @Autowired
    public ExpectedArrivals(Warehouse warehouse, ContractRegistry contracts, ArrivalsProperties properties) {
        this.warehouse = warehouse;
        this.contracts = contracts;
        this.properties = properties;
    }

    /** One entry of the calendar: a dataset (and store) due on a date, and why. */
    public record Expectation(String dataset, String storeId, String why) {}

    /** An edit of the calendar. */
    public record Rule(String dataset, String storeId, String appliesTo, boolean expected, String note) {}

    /** An expected dataset that did not (fully) arrive on a date, as recorded by the last check of that date. */
    public record Gap(LocalDate date, String dataset, String status, List<String> missingStores, int expectedStores) {
        public String describe() {
            String stores = missingStores.equals(List.of(ALL_STORES))
                    ? ""
                    : " for " + missingStores.size() + " of " + expectedStores + " stores";
            return dataset + " " + status + stores;
        }
    }

    /** What is due on a date and why. */
    public List<Expectation> calendar(LocalDate date) {
        return warehouse.withConnection(c -> {
            List<Expectation> out = new ArrayList<>();
            expected(c, date)
                    .forEach((dataset, stores) ->
                            stores.forEach((store, why) -> out.add(new Expectation(dataset, store, why))));
            return out;
        });
    }

    /** Compares a date with the calendar without recording anything (the SLA watch reads while runs write). */
    public Completeness status(LocalDate date) {
        return warehouse.withConnection(c -> {
            Map<String, Set<String>> on = new TreeMap<>();
            Map<String, Map<String, String>> due = expected(c, date, on);
            Map<String, List<String>> failed = failedFeeds(c, date);
            List<DatasetArrival> datasets = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : due.entrySet()) {
                Set<String> arrived = on.getOrDefault(e.getKey(), Set.of());
                List<String> missing = e.getValue().keySet().stream()
                        .filter(store -> store.equals(ALL_STORES) ? arrived.isEmpty() : !arrived.contains(store))
                        .toList();
                datasets.add(arrival(
                        e.getKey(), e.getValue().keySet(), missing, failed.getOrDefault(e.getKey(), List.of())));
            }
            return new Completeness(date, datasets);
        });
    }

    private static DatasetArrival arrival(
            String dataset, Set<String> expected, List<String> missing, List<String> failedIds) {
        ArrivalStatus status = missing.isEmpty()
                ? ArrivalStatus.COMPLETE
                : !failedIds.isEmpty()
                        ? ArrivalStatus.FAILED
                        : missing.size() < expected.size() ? ArrivalStatus.PARTIAL : ArrivalStatus.MISSING;
        return new DatasetArrival(
                dataset,
                status,
                List.copyOf(expected),
                missing,
                status == ArrivalStatus.FAILED ? failedIds : List.of());
    }

    /** Compares a date with the calendar, records the outcome in feed_arrivals and returns it. */
    public Completeness check(LocalDate date, String runId) {
        return warehouse.inTransaction(c -> {
            Map<String, Set<String>> on = new TreeMap<>();
            Map<String, Map<String, String>> due = expected(c, date, on);
            Map<String, List<String>> failed = failedFeeds(c, date);
            List<DatasetArrival> datasets = new ArrayList<>();
            Sql.on(c)
                    .sql("DELETE FROM feed_arrivals WHERE business_date = ?")
                    .param(Sql.date(date))
                    .update();
            List<Object[]> rows = new ArrayList<>();
            {
                Timestamp now = Timestamp.from(Instant.now());
                for (Map.Entry<String, Map<String, String>> e : due.entrySet()) {
                    String dataset = e.getKey();
                    Set<String> arrived = on.getOrDefault(dataset, Set.of());
                    List<String> failedIds = failed.getOrDefault(dataset, List.of());
                    List<String> missing = new ArrayList<>();
                    for (Map.Entry<String, String> store : e.getValue().entrySet()) {
                        boolean in = store.getKey().equals(ALL_STORES)
                                ? !arrived.isEmpty()
                                : arrived.contains(store.getKey());
                        if (!in) {
                            missing.add(store.getKey());
                        }
                        rows.add(new Object[] {
                            Date.valueOf(date),
                            dataset,
                            store.getKey(),
                            in ? "arrived" : failedIds.isEmpty() ? "missing" : "failed",
                            in || failedIds.isEmpty() ? null : String.join(",", failedIds),
                            store.getValue(),
                            now,
                            runId
                        });
                    }
                    datasets.add(arrival(dataset, e.getValue().keySet(), missing, failedIds));
                }
            }
            Sql.template(c)
                    .batchUpdate(
                            "INSERT INTO feed_arrivals (business_date, dataset, store_id, status, failed_feeds, "
                                    + "why_expected, checked_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            rows,
                            new int[] {
                                Types.DATE,
                                Types.VARCHAR,
                                Types.VARCHAR,
                                Types.VARCHAR,
                                Types.VARCHAR,
                                Types.VARCHAR,
                                Types.TIMESTAMP,
                                Types.VARCHAR
                            });
            return new Completeness(date, datasets);
        });
    }

    /**
     * Checks again those of the given dates whose last check found a gap: a late file may have completed them. Dates
     * without a recorded gap are left alone, so a file spanning a year does not cost a year of checks.
     */
    public List<Completeness> recheckGaps(Collection<LocalDate> dates, String runId) {
        if (dates.isEmpty()) {
            return List.of();
        }
        List<LocalDate> withGaps = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT DISTINCT business_date FROM feed_arrivals WHERE status <> 'arrived' AND business_date IN ("
                        + placeholders(dates.size()) + ") ORDER BY 1")
                .params(dates.stream().map(Sql::date).toList())
                .query((r, i) -> r.getDate(1).toLocalDate())
                .list());
        return withGaps.stream().map(d -> check(d, runId)).toList();
    }

    /**
     * The run whose check found the date complete, when its last check did: an incomplete run's date that a late file
     * (loaded by a later run) or a re-run completed names that run. Empty while anything expected is still missing.
     */
    public Optional<String> completedBy(LocalDate date) {
        return warehouse.withConnection(c -> {
            List<String[]> rows = Sql.on(c)
                    .sql("SELECT status, run_id FROM feed_arrivals WHERE business_date = ?")
                    .param(Sql.date(date))
                    .query((r, i) -> new String[] {r.getString(1), r.getString(2)})
                    .list();
            return rows.isEmpty() || rows.stream().anyMatch(row -> !row[0].equals("arrived"))
                    ? Optional.<String>empty()
                    : Optional.ofNullable(rows.get(0)[1]);
        });
    }

    /**
     * The gaps recorded for a range of dates, optionally only of some datasets and of the stores in a scope
     * ({@code stores} null means every store).
     */
    public List<Gap> gaps(LocalDate from, LocalDate to, Collection<String> datasets, Collection<String> stores) {
        return warehouse.withConnection(c -> {
            // only the rows that did not arrive leave the database, each with the size of its day and dataset (the
            // stores expected): at a thousand stores a week is tens of thousands of rows, nearly all of them "arrived"
            StringBuilder where = new StringBuilder("business_date BETWEEN ? AND ?");
            List<Object> params = new ArrayList<>(List.of(Date.valueOf(from), Date.valueOf(to)));
            if (datasets != null) {
                where.append(" AND dataset IN (")
                        .append(placeholders(datasets.size()))
                        .append(')');
                params.addAll(datasets);
            }
            if (stores != null) {
                where.append(" AND (store_id = '*'")
                        .append(stores.isEmpty() ? "" : " OR store_id IN (" + placeholders(stores.size()) + ")")
                        .append(')');
                params.addAll(stores);
            }
            String sql =
                    "SELECT business_date, dataset, store_id, status, expected FROM (SELECT business_date, dataset,"
                            + " store_id, status, COUNT(*) OVER (PARTITION BY business_date, dataset) AS expected"
                            + " FROM feed_arrivals WHERE " + where + ") recorded WHERE status <> 'arrived'"
                            + " ORDER BY business_date, dataset, store_id";
            Map<String, List<String[]>> byDay = new LinkedHashMap<>();
            Map<String, Integer> expected = new java.util.HashMap<>();
            Sql.on(c).sql(sql).params(params).query((ResultSet r) -> {
                String key = r.getDate(1).toLocalDate() + "|" + r.getString(2);
                byDay.computeIfAbsent(key, k -> new ArrayList<>()).add(new String[] {r.getString(3), r.getString(4)});
                expected.put(key, r.getInt(5));
            });
            List<Gap> out = new ArrayList<>();
            byDay.forEach((key, missingRows) -> {
                List<String> missing = missingRows.stream().map(s -> s[0]).toList();
                int size = expected.get(key);
                boolean anyFailed = missingRows.stream().anyMatch(s -> s[1].equals("failed"));
                String status = anyFailed ? "failed" : missing.size() < size ? "partial" : "missing";
                String[] k = key.split("\\|", 2);
                out.add(new Gap(LocalDate.parse(k[0]), k[1], status, missing, size));
            });
            return out;
        });
    }

    /** Whether a range of days is complete, for dashboards: the days with gaps and what is missing on each. */
    public record Marks(boolean complete, List<IncompleteDay> incompleteDays) {}

    /**
     * @param missing one line per dataset, e.g. "sales failed" or "labour missing for 1 of 3 stores"
     * @param absent  the datasets of which nothing arrived that day (in the scope): their figures are not available
     */
    public record IncompleteDay(LocalDate date, List<String> missing, List<String> absent) {}

    /**
     * The incomplete days of a range for the given datasets, within a dashboard's scope: one store, the stores of an
     * area, or (both null) the whole chain.
     */
    public Marks marks(LocalDate from, LocalDate to, Collection<String> datasets, String store, String area) {
        return marks(from, to, datasets, store, area, null);
    }

    /** How many days back from the data's last day a range's days no check has recorded are compared live. */
    private static final int UNCHECKED_DAYS = 7;

    /**
     * As {@link #marks(LocalDate, LocalDate, Collection, String, String)}, and the days up to {@code uncheckedThrough}
     * (the last day with data) that no check has recorded yet are compared with the calendar now: at 8 AM today's web
     * orders are loaded while the stores' files of the day come tomorrow, and no run has checked today yet. Such a day
     * says what has not arrived yet, without taking its figures away ({@code absent} stays empty: what is loaded of it
     * is shown). Only the last {@value #UNCHECKED_DAYS} days are compared live; older unchecked days are the SLA
     * watch's, which records them once their deadline has passed.
     */
    public Marks marks(
            LocalDate from,
            LocalDate to,
            Collection<String> datasets,
            String store,
            String area,
            LocalDate uncheckedThrough) {
        Collection<String> stores = store != null ? List.of(store) : area != null ? storesIn(area) : storesInScope();
        Map<LocalDate, List<Gap>> byDay = new TreeMap<>();
        gaps(from, to, datasets, stores)
                .forEach(g ->
                        byDay.computeIfAbsent(g.date(), k -> new ArrayList<>()).add(g));
        List<IncompleteDay> days = new ArrayList<>();
        if (uncheckedThrough != null) {
            unchecked(from, to, datasets, stores, uncheckedThrough)
                    .forEach((d, gaps) -> days.add(new IncompleteDay(
                            d,
                            gaps.stream()
                                    .map(g -> g.describe() + " (no run has checked " + d + " yet)")
                                    .toList(),
                            List.of())));
        }
        byDay.forEach((d, gaps) -> days.add(new IncompleteDay(
                d,
                gaps.stream().map(Gap::describe).toList(),
                gaps.stream()
                        .filter(g -> g.missingStores().size() == g.expectedStores())
                        .map(Gap::dataset)
                        .toList())));
        days.sort(Comparator.comparing(IncompleteDay::date));
        return new Marks(days.isEmpty(), days);
    }

    /**
     * As {@link #gaps(LocalDate, LocalDate, Collection, Collection)}, and the last days up to {@code uncheckedThrough}
     * that no check has recorded yet compared with the calendar now, as {@link #marks(LocalDate, LocalDate, Collection,
     * String, String, LocalDate)} compares them: a feed due on such a day is "not loaded yet", or "failed" when a feed
     * of it failed. Chain-wide; by date.
     */
    public List<Gap> gapsNow(LocalDate from, LocalDate to, Collection<String> datasets, LocalDate uncheckedThrough) {
        List<Gap> out = new ArrayList<>(gaps(from, to, datasets, (Collection<String>) null));
        unchecked(from, to, datasets, null, uncheckedThrough).values().forEach(out::addAll);
        out.sort(Comparator.comparing(Gap::date));
        return out;
    }

    /**
     * The days of a range up to {@code through} that no check recorded, compared with the calendar now: per day, each
     * dataset due from stores (in {@code stores}, null for all) that have none of it, "failed" when a feed of it failed
     * that day and loaded nothing, else "not loaded yet".
     */
    private Map<LocalDate, List<Gap>> unchecked(
            LocalDate from, LocalDate to, Collection<String> datasets, Collection<String> stores, LocalDate through) {
        Map<LocalDate, List<Gap>> out = new TreeMap<>();
        if (through == null) {
            return out;
        }
        LocalDate last = to.isBefore(through) ? to : through;
        LocalDate first = from.isAfter(last.minusDays(UNCHECKED_DAYS - 1)) ? from : last.minusDays(UNCHECKED_DAYS - 1);
        if (first.isAfter(last)) {
            return out;
        }
        return warehouse.withConnection(c -> {
            Set<LocalDate> checked = new TreeSet<>(Sql.on(c)
                    .sql("SELECT DISTINCT business_date FROM feed_arrivals WHERE business_date BETWEEN ? AND ?")
                    .param(Sql.date(first))
                    .param(Sql.date(last))
                    .query((r, i) -> r.getDate(1).toLocalDate())
                    .list());
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                if (!checked.contains(d)) {
                    days.add(d);
                }
            }
            if (days.isEmpty()) {
                return out;
            }
            // every day's look-back weekdays and the week before it (a new store's first week), read in one look-up
            Set<LocalDate> asked = new TreeSet<>();
            for (LocalDate d : days) {
                asked.add(d);
                asked.addAll(lookback(d));
                for (int k = 1; k <= 6; k++) {
                    asked.add(d.minusDays(k));
                }
            }
            List<Contract> facts = contracts.all().stream()
                    .filter(Contract::isFact)
                    .filter(k -> datasets.contains(k.dataset()))
                    .toList();
            Sent sent = StoreDays.read(c, facts, asked);
            List<Rule> rules = loadRules(c);
            Map<LocalDate, Map<String, List<String>>> failed = failedFeeds(c, days);
            for (LocalDate date : days) {
                List<Gap> gaps = new ArrayList<>();
                Map<String, Set<String>> on = new TreeMap<>();
                Map<String, List<String>> failedOn = failed.getOrDefault(date, Map.of());
                expected(c, date, on, datasets::contains, sent, rules).forEach((dataset, due) -> {
                    Set<String> arrived = on.getOrDefault(dataset, Set.of());
                    List<String> visible = due.keySet().stream()
                            .filter(st -> stores == null || st.equals(ALL_STORES) || stores.contains(st))
                            .toList();
                    List<String> notYet = visible.stream()
                            .filter(st -> st.equals(ALL_STORES) ? arrived.isEmpty() : !arrived.contains(st))
                            .toList();
                    if (!notYet.isEmpty()) {
                        gaps.add(new Gap(
                                date,
                                dataset,
                                failedOn.containsKey(dataset) ? "failed" : "not loaded yet",
                                notYet,
                                visible.size()));
                    }
                });
                if (!gaps.isEmpty()) {
                    out.put(date, gaps);
                }
            }
            return out;
        });
    }

    /**
     * Of the stores (or {@code '*'} for a dataset sliced by date only) that have none of a dataset on a date, those it
     * was not due from, as the calendar judges it: a rule takes the day off, the store is closed for good, or it sent
     * the dataset on no more than {@code min-share} of the last {@code history-weeks} same weekdays (a shop that does
     * not trade that weekday). A store with no such weekday behind it since it first sent the dataset is not excused
     * (there is nothing to learn its days from), nor one whose recorded check of the date found the feed missing or
     * failed.
     */
    public Map<LocalDate, Set<String>> notDue(String dataset, Map<LocalDate, Set<String>> absent) {
        Contract contract = contracts.find(dataset).filter(Contract::isFact).orElse(null);
        if (contract == null || absent.isEmpty()) {
            return Map.of();
        }
        return warehouse.withConnection(c -> {
            List<Rule> rules = loadRules(c);
            Set<LocalDate> asked = new TreeSet<>();
            absent.keySet().forEach(d -> lookback(d).forEach(asked::add));
            Map<String, Set<LocalDate>> seen =
                    StoreDays.read(c, List.of(contract), asked).on(contract, List.copyOf(asked));
            LocalDate earliest = absent.keySet().stream()
                    .min(Comparator.naturalOrder())
                    .orElseThrow()
                    .minusWeeks(properties.historyWeeks());
            LocalDate latest = absent.keySet().stream()
                    .max(Comparator.naturalOrder())
                    .orElseThrow()
                    .minusWeeks(1);
            Map<String, LocalDate> first = firstDates(c, contract, earliest, latest);
            Map<String, LocalDate> closedOn = new TreeMap<>();
            Sql.on(c)
                    .sql("SELECT store_id, closed_on FROM stores WHERE closed_on IS NOT NULL")
                    .query((ResultSet r) -> {
                        closedOn.put(r.getString(1), r.getDate(2).toLocalDate());
                    });
            Set<String> recordedGaps = new TreeSet<>(Sql.on(c)
                    .sql("SELECT CAST(business_date AS VARCHAR) || '|' || store_id FROM feed_arrivals"
                            + " WHERE dataset = ? AND status <> 'arrived'")
                    .param(Sql.text(dataset))
                    .query(String.class)
                    .list());
            Map<LocalDate, Set<String>> out = new TreeMap<>();
            absent.forEach((date, stores) -> {
                for (String store : stores) {
                    if (recordedGaps.contains(date + "|" + store) || recordedGaps.contains(date + "|" + ALL_STORES)) {
                        continue; // the check of the day expected it
                    }
                    Rule rule = mostSpecific(rules, dataset, store, date);
                    boolean excused;
                    if (rule != null) {
                        excused = !rule.expected();
                    } else if (closedOn.containsKey(store)
                            && !closedOn.get(store).isAfter(date)) {
                        excused = true;
                    } else {
                        excused = !dueByHistory(seen.getOrDefault(store, Set.of()), first.get(store), date);
                    }
                    if (excused) {
                        out.computeIfAbsent(date, k -> new TreeSet<>()).add(store);
                    }
                }
            });
            return out;
        });
    }

    /**
     * The calendar's rule for one store and date, read for a day it has none of the dataset: due when it arrived on
     * more than min-share of the last same weekdays, counted from the first of them it arrived on; with none of them
     * (a weekday it does not trade), due only when it had not yet sent the dataset a week before.
     */
    private boolean dueByHistory(Set<LocalDate> seen, LocalDate firstSent, LocalDate date) {
        List<LocalDate> weeks = lookback(date);
        List<LocalDate> on = weeks.stream().filter(seen::contains).toList();
        if (on.isEmpty()) {
            return firstSent == null || firstSent.isAfter(date.minusWeeks(1));
        }
        LocalDate firstOn = on.stream().min(Comparator.naturalOrder()).orElseThrow();
        long window = weeks.stream().filter(d -> !d.isBefore(firstOn)).count();
        return (double) on.size() / window > properties.minShare();
    }

    private List<LocalDate> lookback(LocalDate date) {
        List<LocalDate> out = new ArrayList<>();
        for (int k = 1; k <= properties.historyWeeks(); k++) {
            out.add(date.minusWeeks(k));
        }
        return out;
    }

    /**
     * store (or '*') -> the first date between {@code from} and {@code to} it has rows of the dataset on: whether it was
     * sending the dataset a week before a date is all that is asked, within the weeks the calendar looks back over.
     */
    private static Map<String, LocalDate> firstDates(Connection c, Contract contract, LocalDate from, LocalDate to) {
        boolean perStore = contract.slice().contains("store_id");
        boolean inMart = perStore && StoreDays.IN_MART.contains(contract.dataset());
        Map<String, LocalDate> out = new TreeMap<>();
        Sql.on(c)
                .sql(
                        inMart
                                ? "SELECT CAST(store_id AS VARCHAR), MIN(business_date) FROM mart_store_days"
                                        + " WHERE business_date BETWEEN ? AND ? AND dataset = ? AND store_id IS NOT NULL"
                                        + " GROUP BY 1"
                                : "SELECT " + (perStore ? "CAST(store_id AS VARCHAR)" : "'*'") + ", MIN("
                                        + contract.dateColumn() + ") FROM " + contract.table() + " WHERE "
                                        + contract.dateColumn() + " BETWEEN ? AND ?"
                                        + (perStore ? " AND store_id IS NOT NULL GROUP BY 1" : ""))
                .param(Sql.date(from))
                .param(Sql.date(to))
                .params(inMart ? List.of(Sql.text(contract.dataset())) : List.of())
                .query((ResultSet r) -> {
                    if (r.getDate(2) != null) {
                        out.put(r.getString(1), r.getDate(2).toLocalDate());
                    }
                });
        return out;
    }

    /**
     * As {@link #marks}, from a date through the last date checked: a page that shows one day (the latest snapshot)
     * also names a later day whose feed is still missing, so the day it shows is not taken for the latest.
     */
    public Marks marksFrom(LocalDate from, Collection<String> datasets, String store, String area) {
        return marks(from, LocalDate.of(9999, 12, 31), datasets, store, area);
    }

    /** The stores the current actor may see, or null for the whole chain: another store's gap is not theirs to mark. */
    private List<String> storesInScope() {
        StoreScope scope = CurrentActor.scope();
        if (scope.all()) {
            return null;
        }
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT store_id FROM stores WHERE " + scope.predicate("store_id", "?", "?"))
                .param(Sql.text(scope.storeList()))
                .param(Sql.text(scope.areaList()))
                .query((r, i) -> r.getString(1))
                .list());
    }

    private List<String> storesIn(String area) {
        return warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT store_id FROM stores WHERE area = ?")
                .param(Sql.text(area))
                .query((r, i) -> r.getString(1))
                .list());
    }

    public List<Rule> rules() {
        return warehouse.withConnection(c -> loadRules(c));
    }

    /** Adds or replaces a rule. */
    public Rule setRule(Rule rule) {
        Rule r = validate(rule);
        requireKnownStore(r.storeId());
        warehouse.inTransaction(c -> {
            JdbcClient jdbc = Sql.on(c);
            jdbc.sql("DELETE FROM expected_feed_rules WHERE dataset = ? AND store_id = ? AND applies_to = ?")
                    .param(Sql.text(r.dataset()))
                    .param(Sql.text(r.storeId()))
                    .param(Sql.text(r.appliesTo()))
                    .update();
            jdbc.sql("INSERT INTO expected_feed_rules VALUES (?, ?, ?, ?, ?, ?)")
                    .param(Sql.text(r.dataset()))
                    .param(Sql.text(r.storeId()))
                    .param(Sql.text(r.appliesTo()))
                    .param(new SqlParameterValue(Types.BOOLEAN, r.expected()))
                    .param(Sql.text(r.note()))
                    .param(new SqlParameterValue(Types.TIMESTAMP, Timestamp.from(Instant.now())))
                    .update();
            return null;
        });
        recheckRecorded(r, r.expected());
        return r;
    }

    /** Removes a rule; false when there was none. */
    public boolean removeRule(String dataset, String storeId, String appliesTo) {
        Rule r = validate(new Rule(dataset, storeId, appliesTo, true, null));
        Optional<Rule> old = rules().stream()
                .filter(x -> x.dataset().equals(r.dataset())
                        && x.storeId().equals(r.storeId())
                        && x.appliesTo().equals(r.appliesTo()))
                .findFirst();
        boolean removed = warehouse.inTransaction(c -> {
            return Sql.on(c)
                            .sql(
                                    "DELETE FROM expected_feed_rules WHERE dataset = ? AND store_id = ? AND applies_to = ?")
                            .param(Sql.text(r.dataset()))
                            .param(Sql.text(r.storeId()))
                            .param(Sql.text(r.appliesTo()))
                            .update()
                    > 0;
        });
        if (removed) {
            // a holiday taken back expects the day's feeds again
            recheckRecorded(r, old.map(x -> !x.expected()).orElse(false));
        }
        return removed;
    }

    /**
     * Checks again the recorded dates of the rule's dataset that the rule applies to (a holiday marked after its run):
     * the dashboards' marks and the Quality page's gaps read the recorded check, which otherwise kept the day
     * incomplete until it was run again. A change that adds an expectation (a rule that a feed is due, a holiday taken
     * back) checks again the run dates it applies to, complete ones too: its date, or for a weekday or daily rule those
     * of the last {@link #RECHECK_DAYS} days up to the latest run; before, a holiday taken back left its day complete
     * until the day was run again. Older complete days show it at their next run.
     */
    private void recheckRecorded(Rule r, boolean addsExpectation) {
        List<LocalDate> dates = warehouse.withConnection(c -> {
            Set<LocalDate> out = new TreeSet<>(Sql.on(c)
                    .sql("SELECT DISTINCT business_date FROM feed_arrivals WHERE dataset = ? AND status <> 'arrived'")
                    .param(Sql.text(r.dataset()))
                    .query((rs, i) -> rs.getDate(1).toLocalDate())
                    .list());
            if (addsExpectation) {
                out.addAll(Sql.on(c)
                        .sql("SELECT DISTINCT business_date FROM runs WHERE business_date >= "
                                + "(SELECT MAX(business_date) FROM runs) - " + RECHECK_DAYS
                                + " OR CAST(business_date AS VARCHAR) = ?")
                        .param(Sql.text(r.appliesTo()))
                        .query((rs, i) -> rs.getDate(1).toLocalDate())
                        .list());
            }
            return List.copyOf(out);
        });
        List<LocalDate> applies = dates.stream()
                .filter(d -> r.appliesTo().equals("daily")
                        || r.appliesTo().equals(d.getDayOfWeek().name())
                        || r.appliesTo().equals(d.toString()))
                .toList();
        if (addsExpectation) {
            // a day that stays complete keeps the run that completed it
            applies.forEach(d -> check(
                    d,
                    warehouse.withConnection(c -> Sql.on(c)
                            .sql("SELECT MAX(run_id) FROM feed_arrivals WHERE business_date = ?")
                            .param(Sql.date(d))
                            .query(String.class)
                            .optional()
                            .orElse(null))));
        } else {
            recheckGaps(applies, null);
        }
    }

    /** How far back a rule that adds an expectation checks the recorded days again (as open SLA alerts are). */
    private static final int RECHECK_DAYS = 31;

    /**
     * A rule for a store the warehouse does not have (a typo: S1 for S001) would expect nothing and take nothing off,
     * silently. Removing such a rule stays possible, so this is asked when a rule is set only.
     */
    private void requireKnownStore(String store) {
        if (store.equals(ALL_STORES)) {
            return;
        }
        List<String> known = warehouse.withConnection(c -> Sql.on(c)
                .sql("SELECT DISTINCT CAST(store_id AS VARCHAR) FROM stores ORDER BY 1")
                .query(String.class)
                .list());
        if (!known.contains(store)) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "store '" + store + "' is not in the stores master data"
                            + (known.isEmpty()
                                    ? " (no stores are loaded yet)"
                                    : "; known stores: "
                                            + String.join(", ", known.size() > 20 ? known.subList(0, 20) : known)
                                            + (known.size() > 20 ? ", ... (" + known.size() + " in all)" : ""))
                            + ". Check the spelling, or add the store first by loading a stores file with it "
                            + "(stockroom ingest stores.csv), then set the rule.");
        }
    }

    private Rule validate(Rule rule) {
        String dataset = rule.dataset() == null ? "" : rule.dataset().trim();
        if (contracts.find(dataset).filter(Contract::isFact).isEmpty()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "'" + dataset + "' is not a fact dataset; expected feeds are set for one of "
                            + contracts.all().stream()
                                    .filter(Contract::isFact)
                                    .map(Contract::dataset)
                                    .sorted()
                                    .toList() + ".");
        }
        String store = rule.storeId() == null || rule.storeId().isBlank()
                ? ALL_STORES
                : rule.storeId().trim();
        return new Rule(dataset, store, appliesTo(rule.appliesTo()), rule.expected(), rule.note());
    }

    /** 'daily', a weekday name (MONDAY or MON) or a date. */
    private static String appliesTo(String value) {
        String v = value == null || value.isBlank() ? "daily" : value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("DAILY")) {
            return "daily";
        }
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(v) || d.name().substring(0, 3).equals(v)) {
                return d.name();
            }
        }
        try {
            return LocalDate.parse(v).toString();
        } catch (DateTimeParseException e) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "'" + value + "' is not a day: use daily, a weekday (MONDAY or MON) or a date (YYYY-MM-DD).");
        }
    }

    /** dataset -> store (or '*') -> why it is expected, for one date. */
    private Map<String, Map<String, String>> expected(Connection c, LocalDate date) throws SQLException {
        return expected(c, date, new TreeMap<>());
    }

    /** As above; also fills {@code arrived} (dataset -> stores with rows on the date), read by the same query as the history. */
    private Map<String, Map<String, String>> expected(Connection c, LocalDate date, Map<String, Set<String>> arrived)
            throws SQLException {
        return expected(c, date, arrived, dataset -> true);
    }

    /** As above, for the datasets {@code asked} accepts only, reading what was sent from the fact tables. */
    private Map<String, Map<String, String>> expected(
            Connection c, LocalDate date, Map<String, Set<String>> arrived, java.util.function.Predicate<String> wanted)
            throws SQLException {
        return expected(c, date, arrived, wanted, new FactRows(c), loadRules(c));
    }

    /** As above, reading what was sent from {@code sent}. */
    private Map<String, Map<String, String>> expected(
            Connection c,
            LocalDate date,
            Map<String, Set<String>> arrived,
            java.util.function.Predicate<String> wanted,
            Sent sent,
            List<Rule> rules)
            throws SQLException {
        List<LocalDate> lookback = new ArrayList<>();
        for (int k = 1; k <= properties.historyWeeks(); k++) {
            lookback.add(date.minusWeeks(k));
        }
        String weekdays = date.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + "s";
        Set<String> closed = closedBy(c, date);
        Map<String, LocalDate> newStores = openedWithinAWeek(c, date);
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Contract contract : contracts.all().stream()
                .filter(Contract::isFact)
                .filter(k -> wanted.test(k.dataset()))
                .sorted(Comparator.comparing(Contract::dataset))
                .toList()) {
            List<LocalDate> asked = new ArrayList<>(lookback);
            asked.add(date);
            Map<String, Set<LocalDate>> seen = new TreeMap<>();
            Set<String> on = new TreeSet<>();
            sent.on(contract, asked).forEach((store, ds) -> {
                if (ds.contains(date)) {
                    on.add(store);
                }
                Set<LocalDate> before = new TreeSet<>(ds);
                before.remove(date);
                if (!before.isEmpty()) {
                    seen.put(store, before);
                }
            });
            arrived.put(contract.dataset(), on);
            Map<String, String> due = new TreeMap<>();
            seen.forEach((store, dates) -> {
                LocalDate first = dates.stream().min(Comparator.naturalOrder()).orElseThrow();
                long window = lookback.stream().filter(d -> !d.isBefore(first)).count();
                if ((double) dates.size() / window > properties.minShare()) {
                    due.put(store, "seen on " + dates.size() + " of the last " + window + " " + weekdays);
                }
            });
            if (!newStores.isEmpty() && contract.slice().contains("store_id")) {
                // no same weekday yet since it opened: what it has sent since opening is due every day of its first
                // week
                sent.sinceOpening(contract, newStores, date)
                        .forEach(store ->
                                due.putIfAbsent(store, "opened on " + newStores.get(store) + ", sent it since"));
                // on its opening day (and while it has sent nothing of it) a new store is due what the other stores
                // are due that day: trading from day one, its missing first file is named, not learned as normal
                Set<String> others = new TreeSet<>(seen.keySet());
                others.removeAll(newStores.keySet());
                others.removeAll(closed);
                long othersDue = others.stream().filter(due::containsKey).count();
                if (!others.isEmpty() && (double) othersDue / others.size() > properties.minShare()) {
                    newStores.forEach((store, opened) -> due.putIfAbsent(
                            store,
                            "opened on " + opened + "; " + othersDue + " of " + others.size()
                                    + " other stores send it on " + weekdays));
                }
            }
            Set<String> candidates = new TreeSet<>(seen.keySet());
            candidates.addAll(due.keySet());
            rules.stream()
                    .filter(r -> r.dataset().equals(contract.dataset())
                            && !r.storeId().equals(ALL_STORES))
                    .forEach(r -> candidates.add(r.storeId()));
            for (String store : candidates) {
                Rule rule = mostSpecific(rules, contract.dataset(), store, date);
                if (rule != null) {
                    if (rule.expected()) {
                        due.put(store, describe(rule));
                    } else {
                        due.remove(store);
                    }
                }
            }
            if (candidates.isEmpty()) {
                Rule rule = mostSpecific(rules, contract.dataset(), ALL_STORES, date);
                if (rule != null && rule.expected()) {
                    due.put(ALL_STORES, describe(rule));
                }
            }
            due.keySet()
                    .removeAll(closed); // closed for good: the stores master data says so, whatever history or rules
            if (!due.isEmpty()) {
                out.put(contract.dataset(), due);
            }
        }
        return out;
    }

    /** The stores closed for good on or before {@code date} (the stores file's closed_on). */
    private static Set<String> closedBy(Connection c, LocalDate date) {
        return new TreeSet<>(Sql.on(c)
                .sql("SELECT store_id FROM stores WHERE closed_on IS NOT NULL AND closed_on <= ?")
                .param(Sql.date(date))
                .query(String.class)
                .list());
    }

    /** store -> opened_on, for the stores that opened on {@code date} or in the six days before (the stores file's opened_on). */
    private static Map<String, LocalDate> openedWithinAWeek(Connection c, LocalDate date) {
        Map<String, LocalDate> out = new TreeMap<>();
        Sql.on(c)
                .sql("SELECT store_id, opened_on FROM stores WHERE opened_on >= ? AND opened_on <= ?")
                .param(Sql.date(date.minusDays(6)))
                .param(Sql.date(date))
                .query((ResultSet r) -> {
                    out.put(r.getString(1), r.getDate(2).toLocalDate());
                });
        return out;
    }

    /** Those of the new stores with rows of the dataset between their opening and {@code date} (excluded). */
    private static Set<String> sentSinceOpening(
            Connection c, Contract contract, Map<String, LocalDate> opened, LocalDate date) {
        Set<String> out = new TreeSet<>();
        Sql.on(c)
                .sql("SELECT CAST(store_id AS VARCHAR), MAX(" + contract.dateColumn() + ") FROM "
                        + contract.table() + " WHERE " + contract.dateColumn() + " >= ? AND " + contract.dateColumn()
                        + " < ? AND CAST(store_id AS VARCHAR) IN (" + placeholders(opened.size()) + ") GROUP BY 1")
                .param(Sql.date(date.minusDays(6)))
                .param(Sql.date(date))
                .params(opened.keySet().stream().map(Sql::text).toList())
                .query((ResultSet r) -> {
                    String store = r.getString(1);
                    if (!r.getDate(2).toLocalDate().isBefore(opened.get(store))) { // a row before opening is no sign
                        out.add(store);
                    }
                });
        return out;
    }

    private static String describe(Rule r) {
        return "rule: " + (r.storeId().equals(ALL_STORES) ? "every store" : r.storeId()) + ", " + r.appliesTo()
                + (r.note() == null ? "" : " (" + r.note() + ")");
    }

    private static Rule mostSpecific(List<Rule> rules, String dataset, String store, LocalDate date) {
        Rule best = null;
        int bestRank = -1;
        for (Rule r : rules) {
            if (!r.dataset().equals(dataset)
                    || !(r.storeId().equals(store) || r.storeId().equals(ALL_STORES))) {
                continue;
            }
            int day = r.appliesTo().equals("daily")
                    ? 0
                    : r.appliesTo().equals(date.getDayOfWeek().name())
                            ? 1
                            : r.appliesTo().equals(date.toString()) ? 2 : -1;
            if (day < 0) {
                continue;
            }
            int rank = day * 2 + (r.storeId().equals(store) && !store.equals(ALL_STORES) ? 1 : 0);
            if (rank > bestRank) {
                best = r;
                bestRank = rank;
            }
        }
        return best;
    }

    private static List<Rule> loadRules(Connection c) {
        return Sql.on(c)
                .sql("SELECT dataset, store_id, applies_to, expected, note FROM expected_feed_rules ORDER BY 1, 2, 3")
                .query((r, i) ->
                        new Rule(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getString(5)))
                .list();
    }

    /**
     * store (or '*' for a dataset without stores) -> the given dates it has rows on, or, where the contract says a day
     * with no rows is valid ({@code empty_day: valid}, sliced by date only), a header-only feed loaded for.
     */
    private static Map<String, Set<LocalDate>> presence(Connection c, Contract contract, List<LocalDate> dates)
            throws SQLException {
        boolean perStore = contract.slice().contains("store_id");
        String sql = "SELECT DISTINCT " + (perStore ? "CAST(store_id AS VARCHAR)" : "'*'") + ", "
                + contract.dateColumn() + " FROM " + contract.table() + " WHERE " + contract.dateColumn() + " IN ("
                + placeholders(dates.size()) + ")" + (perStore ? " AND store_id IS NOT NULL" : "");
        Map<String, Set<LocalDate>> out = new TreeMap<>();
        Sql.on(c).sql(sql).params(dates.stream().map(Sql::date).toList()).query((ResultSet r) -> {
            out.computeIfAbsent(r.getString(1), k -> new TreeSet<>())
                    .add(r.getDate(2).toLocalDate());
        });
        if (contract.emptyDayValid()) {
            emptyDays(c, contract, dates, out);
        }
        return out;
    }

    /** Where a dataset is valid with no rows ({@code empty_day: valid}), the dates a header-only feed loaded for. */
    private static void emptyDays(
            Connection c, Contract contract, Collection<LocalDate> dates, Map<String, Set<LocalDate>> out) {
        {
            // a day with no rows is normal for this dataset: its header-only file arrived although no row did
            Sql.on(c)
                    .sql("SELECT DISTINCT business_date FROM feeds WHERE dataset = ? AND status = 'transformed' "
                            + "AND duplicate_of IS NULL AND records_read = 0 AND business_date IN ("
                            + placeholders(dates.size()) + ")")
                    .param(Sql.text(contract.dataset()))
                    .params(dates.stream().map(Sql::date).toList())
                    .query((ResultSet r) -> {
                        out.computeIfAbsent(ALL_STORES, k -> new TreeSet<>())
                                .add(r.getDate(1).toLocalDate());
                    });
        }
    }

    /** Where the calendar reads which stores sent a dataset on which days. */
    private sealed interface Sent permits FactRows, StoreDays {

        /** store (or '*' for a dataset without stores) -> those of the dates it sent the dataset on. */
        Map<String, Set<LocalDate>> on(Contract contract, List<LocalDate> dates) throws SQLException;

        /** Those of the new stores that sent the dataset between their opening and {@code date} (excluded). */
        Set<String> sinceOpening(Contract contract, Map<String, LocalDate> opened, LocalDate date);
    }

    /** The fact tables' rows: a run's check, which compares the day it loaded before the marts are refreshed. */
    private static final class FactRows implements Sent {
        private final Connection c;

        FactRows(Connection c) {
            this.c = c;
        }

        @Override
        public Map<String, Set<LocalDate>> on(Contract contract, List<LocalDate> dates) throws SQLException {
            return presence(c, contract, dates);
        }

        @Override
        public Set<String> sinceOpening(Contract contract, Map<String, LocalDate> opened, LocalDate date) {
            return sentSinceOpening(c, contract, opened, date);
        }
    }

    /**
     * The store-days of the dates a dashboard compares live, read once for all of them: per store from the store-day
     * mart (mart_store_days, a row per dataset, store and day that every load and run refreshes with the figures the
     * dashboards show), and for a dataset sliced by date only whether the day has a row at all (the first one found
     * answers). Reading the facts' rows of each day and of its look-back weekdays cost a PostgreSQL dashboard call
     * most of its time (docs/bench.md, "Dashboards on PostgreSQL, session 35").
     */
    private static final class StoreDays implements Sent {

        /** The fact datasets mart_store_days holds per store. */
        private static final Set<String> IN_MART = Set.of("sales", "inventory", "labour");

        /** dataset -> store (or '*') -> the dates read it has rows (or a header-only feed) on. */
        private final Map<String, Map<String, Set<LocalDate>>> byDataset;

        private StoreDays(Map<String, Map<String, Set<LocalDate>>> byDataset) {
            this.byDataset = byDataset;
        }

        static StoreDays read(Connection c, List<Contract> facts, Set<LocalDate> dates) throws SQLException {
            Map<String, Map<String, Set<LocalDate>>> out = new TreeMap<>();
            if (dates.isEmpty()) {
                return new StoreDays(out);
            }
            List<Object> days = dates.stream().<Object>map(Sql::date).toList();
            List<String> fromMart = new ArrayList<>();
            for (Contract contract : facts) {
                Map<String, Set<LocalDate>> sent = new TreeMap<>();
                out.put(contract.dataset(), sent);
                if (!contract.slice().contains("store_id")) {
                    // one probe per day, each answered by the day's first row
                    String sql = dates.stream()
                            .map(d -> "SELECT CAST(? AS DATE) WHERE EXISTS (SELECT 1 FROM " + contract.table()
                                    + " WHERE " + contract.dateColumn() + " = ?)")
                            .collect(java.util.stream.Collectors.joining(" UNION ALL "));
                    List<Object> params = new ArrayList<>();
                    days.forEach(d -> {
                        params.add(d);
                        params.add(d);
                    });
                    Sql.on(c).sql(sql).params(params).query((ResultSet r) -> {
                        sent.computeIfAbsent(ALL_STORES, k -> new TreeSet<>())
                                .add(r.getDate(1).toLocalDate());
                    });
                    if (contract.emptyDayValid()) {
                        emptyDays(c, contract, dates, sent);
                    }
                } else if (IN_MART.contains(contract.dataset())) {
                    fromMart.add(contract.dataset());
                } else {
                    sent.putAll(presence(c, contract, List.copyOf(dates)));
                }
            }
            if (!fromMart.isEmpty()) {
                List<Object> params =
                        new ArrayList<>(fromMart.stream().map(Sql::text).toList());
                params.add(Sql.date(java.util.Collections.min(dates)));
                params.add(Sql.date(java.util.Collections.max(dates)));
                params.addAll(days);
                Sql.on(c)
                        .sql("SELECT DISTINCT dataset, CAST(store_id AS VARCHAR), business_date FROM mart_store_days"
                                + " WHERE dataset IN (" + placeholders(fromMart.size()) + ") AND store_id IS NOT NULL"
                                + " AND business_date BETWEEN ? AND ? AND business_date IN ("
                                + placeholders(dates.size()) + ")")
                        .params(params)
                        .query((ResultSet r) -> {
                            out.get(r.getString(1))
                                    .computeIfAbsent(r.getString(2), k -> new TreeSet<>())
                                    .add(r.getDate(3).toLocalDate());
                        });
            }
            return new StoreDays(out);
        }

        @Override
        public Map<String, Set<LocalDate>> on(Contract contract, List<LocalDate> dates) {
            Map<String, Set<LocalDate>> out = new TreeMap<>();
            byDataset.getOrDefault(contract.dataset(), Map.of()).forEach((store, sent) -> {
                Set<LocalDate> asked = new TreeSet<>(sent);
                asked.retainAll(dates);
                if (!asked.isEmpty()) {
                    out.put(store, asked);
                }
            });
            return out;
        }

        @Override
        public Set<String> sinceOpening(Contract contract, Map<String, LocalDate> opened, LocalDate date) {
            Set<String> out = new TreeSet<>();
            Map<String, Set<LocalDate>> sent = byDataset.getOrDefault(contract.dataset(), Map.of());
            opened.forEach((store, on) -> {
                LocalDate from = on.isAfter(date.minusDays(6)) ? on : date.minusDays(6);
                if (sent.getOrDefault(store, Set.of()).stream().anyMatch(d -> !d.isBefore(from) && d.isBefore(date))) {
                    out.add(store);
                }
            });
            return out;
        }
    }

    /** date -> dataset -> feeds of the date that failed and loaded nothing, oldest first, for each of the days. */
    private static Map<LocalDate, Map<String, List<String>>> failedFeeds(Connection c, List<LocalDate> days) {
        Map<LocalDate, Map<String, List<String>>> out = new TreeMap<>();
        LocalDate first = java.util.Collections.min(days);
        LocalDate last = java.util.Collections.max(days);
        Sql.on(c)
                .sql("""
                SELECT dataset, feed_id, business_date, min_date, max_date FROM feeds
                WHERE status = 'failed' AND duplicate_of IS NULL AND dataset IS NOT NULL
                  AND (business_date BETWEEN ? AND ? OR (min_date IS NOT NULL AND min_date <= ? AND max_date >= ?))
                ORDER BY created_at, feed_id""")
                .param(Sql.date(first))
                .param(Sql.date(last))
                .param(Sql.date(last))
                .param(Sql.date(first))
                .query((ResultSet r) -> {
                    LocalDate on = r.getDate(3) == null ? null : r.getDate(3).toLocalDate();
                    LocalDate min = r.getDate(4) == null ? null : r.getDate(4).toLocalDate();
                    LocalDate max = r.getDate(5) == null ? null : r.getDate(5).toLocalDate();
                    for (LocalDate d : days) {
                        if (d.equals(on) || (min != null && max != null && !d.isBefore(min) && !d.isAfter(max))) {
                            out.computeIfAbsent(d, k -> new TreeMap<>())
                                    .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                                    .add(r.getString(2));
                        }
                    }
                });
        return out;
    }

    /** dataset -> feeds of the date that failed and loaded nothing, oldest first. */
    private static Map<String, List<String>> failedFeeds(Connection c, LocalDate date) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        Sql.on(c).sql("""
                SELECT dataset, feed_id FROM feeds
                WHERE status = 'failed' AND duplicate_of IS NULL AND dataset IS NOT NULL
                  AND (business_date = ? OR (min_date IS NOT NULL AND ? BETWEEN min_date AND max_date))
                ORDER BY created_at, feed_id""").param(Sql.date(date)).param(Sql.date(date)).query((ResultSet r) -> {
            out.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
        });
        return out;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
