package io.stockroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import io.stockroom.contract.ColumnSpec;
import io.stockroom.contract.Contract;
import io.stockroom.contract.ContractRegistry;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainGeneratorTest {

    private static final LocalDate END = LocalDate.of(2025, 6, 30);
    private static final ChainSpec SMALL = new ChainSpec(7, 3, 2, 50, 4, 20, END);

    @TempDir
    static Path temp;

    private static GeneratedChain chain;
    private static Facts facts;

    @BeforeAll
    static void generate() throws IOException {
        chain = new ChainGenerator().generate(SMALL, temp.resolve("drop"));
        facts = Facts.read(chain);
    }

    @Test
    void writesOneFolderPerDayWithMasterDataOnTheFirstDay() throws IOException {
        Path drop = chain.dropDir();
        assertThat(chain.firstDate()).isEqualTo(END.minusDays(19));
        assertThat(chain.lastDate()).isEqualTo(END);
        try (Stream<Path> days = Files.list(drop)) {
            assertThat(days.map(p -> p.getFileName().toString()).sorted().toList())
                    .hasSize(20)
                    .first()
                    .isEqualTo(chain.firstDate().toString());
        }
        assertThat(names(drop.resolve(chain.firstDate().toString())))
                .containsExactly(
                        "costs.csv",
                        "fixtures.csv",
                        "inventory.csv",
                        "labour.csv",
                        "marketing_spend.csv",
                        "orders.csv",
                        "placements.csv",
                        "products.csv",
                        "promotions.csv",
                        "receipts.csv",
                        "replenishment_rules.csv",
                        "sales.csv",
                        "shipments.csv",
                        "stores.csv",
                        "supplier_products.csv",
                        "suppliers.csv",
                        "support_conversations.csv",
                        "web_sessions.csv");
        assertThat(names(drop.resolve(END.toString())))
                .containsExactly(
                        "customers.csv",
                        "inventory.csv",
                        "labour.csv",
                        "marketing_spend.csv",
                        "orders.csv",
                        "receipts.csv",
                        "sales.csv",
                        "shipments.csv",
                        "support_conversations.csv",
                        "web_sessions.csv");
        assertThat(chain.files()).allSatisfy(f -> assertThat(f).exists().startsWith(drop));
        try (Stream<Path> all = Files.walk(drop)) {
            assertThat(all.filter(p -> p.getFileName().toString().endsWith(".partial")))
                    .isEmpty();
        }
        // 3 stores × 50 SKUs ranged every day, except lines launched during the history
        assertThat(chain.rowsByDataset().get("inventory")).isBetween(2_700L, 3_000L);
        assertThat(chain.rowsByDataset().get("labour")).isEqualTo(60L);
        assertThat(chain.rowsByDataset().get("stores")).isEqualTo(3L);
        assertThat(chain.rowsByDataset().get("sales")).isPositive();
        assertThat(chain.rowsByDataset().get("promotions"))
                .as("the weekly promotion calendar")
                .isPositive();
        assertThat(chain.rowsByDataset().keySet())
                .containsExactly(
                        "stores",
                        "products",
                        "suppliers",
                        "supplier_products",
                        "replenishment_rules",
                        "fixtures",
                        "placements",
                        "displays",
                        "promotions",
                        "sales",
                        "inventory",
                        "orders",
                        "labour",
                        "receipts",
                        "shipments",
                        "support_conversations",
                        "marketing_spend",
                        "web_sessions",
                        "costs",
                        "customers");
    }

    @Test
    void everyHeaderIsAContractColumnAndOnlyThePlantedBadFileLacksARequiredOne() throws IOException {
        ContractRegistry contracts = new ContractRegistry(temp.resolve("no-overrides"));
        List<String> missing = new ArrayList<>();
        for (Path file : chain.files()) {
            String dataset = file.getFileName().toString().replace(".csv", "");
            Contract contract = contracts.get(dataset);
            List<String> header = header(file);
            Set<String> mapped = new HashSet<>();
            for (String h : header) {
                List<ColumnSpec> matches = contract.inputColumns().stream()
                        .filter(c -> c.matchesHeader(h))
                        .toList();
                assertThat(matches).as("header '%s' of %s", h, file).hasSize(1);
                mapped.add(matches.getFirst().name());
            }
            for (ColumnSpec required : contract.requiredColumns()) {
                if (!mapped.contains(required.name())) {
                    missing.add(
                            file.getParent().getFileName() + "/" + file.getFileName() + " lacks " + required.name());
                }
            }
        }
        assertThat(missing).hasSize(1);
        assertThat(missing.getFirst()).endsWith("sales.csv lacks total_sales");
        assertThat(chain.plantedProblems())
                .anyMatch(
                        p -> p.startsWith("sales " + missing.getFirst().substring(0, 10)) && p.contains("total_sales"));
        // the ERP's product file speaks in aliases, as a real one would
        assertThat(header(chain.files().get(1))).contains("Item Number", "Description", "Dept");
    }

    @Test
    void theSameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        GeneratedChain again = new ChainGenerator().generate(SMALL, temp.resolve("again"));
        assertThat(again.files()).hasSameSizeAs(chain.files());
        for (int i = 0; i < chain.files().size(); i++) {
            Path a = chain.files().get(i);
            Path b = again.files().get(i);
            assertThat(chain.dropDir().relativize(a)).isEqualTo(again.dropDir().relativize(b));
            assertThat(Files.mismatch(a, b)).as("%s differs", a).isEqualTo(-1L);
        }
        assertThat(again.plantedProblems()).isEqualTo(chain.plantedProblems());

        GeneratedChain other = new ChainGenerator().generate(SMALL.withSeed(8), temp.resolve("other"));
        Path sales = Path.of(END.toString(), "sales.csv");
        assertThat(Files.mismatch(
                        chain.dropDir().resolve(sales), other.dropDir().resolve(sales)))
                .isNotEqualTo(-1L);
    }

    @Test
    void salesNeverExceedTheStockAvailableSoStockOutsShowAsZeroSales() {
        int stockOutDays = 0;
        for (Facts.Key key : facts.onHand.keySet()) {
            Facts.Key before = key.previousDay();
            if (!facts.onHand.containsKey(before)
                    || facts.unreadable.contains(key)
                    || facts.badOnOrder.contains(before)) {
                continue;
            }
            long units = facts.units.getOrDefault(key, 0L);
            long available = facts.onHand.get(before) + facts.onOrder.get(before);
            assertThat(units).as("units sold on %s", key).isLessThanOrEqualTo(available);
            if (facts.onHand.get(before) == 0 && facts.onOrder.get(before) == 0) {
                stockOutDays++;
                assertThat(units).as("a stock-out sells nothing: %s", key).isLessThanOrEqualTo(0);
            }
        }
        assertThat(stockOutDays).isPositive();
        long emptyShelves = facts.onHand.values().stream().filter(v -> v == 0).count();
        assertThat(emptyShelves).as("end-of-day stock-outs").isGreaterThan(facts.onHand.size() / 100);
    }

    @Test
    void onHandBalancesWithSalesAndDeliveriesOfWholeCasesFromOpenOrders() {
        int deliveries = 0;
        int checked = 0;
        for (Facts.Key key : facts.onHand.keySet()) {
            Facts.Key before = key.previousDay();
            if (!facts.onHand.containsKey(before)
                    || facts.unreadable.contains(key)
                    || facts.badOnOrder.contains(before)) {
                continue;
            }
            checked++;
            // on_hand[d] = on_hand[d-1] − units_sold[d] (returns are negative units) + received[d]
            long received = facts.onHand.get(key) - facts.onHand.get(before) + facts.units.getOrDefault(key, 0L);
            assertThat(received).as("received on %s", key).isBetween(0L, facts.onOrder.get(before));
            if (received > 0) {
                deliveries++;
                Integer pack = facts.casePack.get(key.sku());
                if (pack != null) {
                    assertThat(received % pack)
                            .as("delivery of %d on %s in cases of %d", received, key, pack)
                            .isZero();
                }
            }
        }
        assertThat(checked).isGreaterThan(2_500);
        assertThat(deliveries).isGreaterThan(20);
    }

    @Test
    void slowMoversComeInInnerPacksThatHoldAtMostTwoWeeksOfAStoresDemand() {
        // a case of 24 for a line that sells 0.1 a day is 240 days of stock: the largest inner pack that holds 14
        // days or less (a divisor of the case) is sent instead, down to single units
        assertThat(Chain.packForMovement(24, 0.1)).isEqualTo(1);
        assertThat(Chain.packForMovement(24, 0.5)).isEqualTo(6); // 7 days' demand: 6 divides 24, 7 does not
        assertThat(Chain.packForMovement(36, 1.0)).isEqualTo(12);
        assertThat(Chain.packForMovement(12, 2.0)).isEqualTo(12); // a fast line keeps its case
        assertThat(Chain.packForMovement(6, 0.0)).isEqualTo(1);
        // in the written files: the packs follow what each line sells per store and day (20 days, 3 stores)
        long stores = 3;
        Map<String, Long> sold = new HashMap<>();
        facts.units.forEach((k, u) -> sold.merge(k.sku(), Math.max(0, u), Long::sum));
        int lines = 0;
        int oversized = 0;
        for (Map.Entry<String, Integer> e : facts.casePack.entrySet()) {
            double perStoreDay = sold.getOrDefault(e.getKey(), 0L) / (double) (stores * 20);
            lines++;
            if (e.getValue() > 1 && e.getValue() > 14 * perStoreDay) { // (the old random packs: 11 of 49 lines)
                oversized++;
            }
        }
        assertThat(lines).isGreaterThan(40);
        assertThat(oversized)
                .as("lines whose pack holds more than two weeks of their sales per store")
                .isLessThanOrEqualTo(lines / 20);
    }

    @Test
    void productsHaveCategoryMarginsAndTheStatusFlagsReplenishmentMustRespect() throws IOException {
        List<Map<String, String>> first =
                rows(chain.dropDir().resolve(chain.firstDate().toString()).resolve("products.csv"));
        assertThat(first).hasSize(50).allSatisfy(p -> {
            double cost = Double.parseDouble(p.get("Cost Price"));
            double price = Double.parseDouble(p.get("Retail Price"));
            assertThat(cost).isPositive().isLessThan(price);
            assertThat(1 - cost / price).isBetween(0.2, 0.7);
        });
        assertThat(first.stream().map(p -> p.get("Dept")).distinct().count()).isGreaterThanOrEqualTo(4);

        // struck SKUs are flagged in a product master re-sent on the strike day
        Path reissue = chain.files().stream()
                .filter(f -> f.getFileName().toString().equals("products.csv"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        LocalDate strikeDay = LocalDate.parse(reissue.getParent().getFileName().toString());
        List<String> struck = rows(reissue).stream()
                .filter(p -> p.get("Struck").equals("Y"))
                .map(p -> p.get("Item Number"))
                .toList();
        List<String> dnr = first.stream()
                .filter(p -> p.get("DNR").equals("Y"))
                .map(p -> p.get("Item Number"))
                .toList();
        Map<String, LocalDate> lto = new HashMap<>();
        first.stream()
                .filter(p -> !p.get("LTO End Date").isEmpty())
                .forEach(p -> lto.put(p.get("Item Number"), LocalDate.parse(p.get("LTO End Date"))));
        assertThat(first).noneMatch(p -> p.get("Struck").equals("Y"));
        assertThat(struck).isNotEmpty();
        assertThat(dnr).isNotEmpty();
        assertThat(lto).isNotEmpty();
        assertThat(lto.values()).anyMatch(end -> end.isBefore(END)).anyMatch(end -> end.isAfter(END));

        for (Facts.Key key : facts.onHand.keySet()) {
            if (dnr.contains(key.sku())) {
                assertThat(facts.onOrder.get(key))
                        .as("DNR never ordered: %s", key)
                        .isZero();
            }
            if (struck.contains(key.sku()) && !key.date().isBefore(strikeDay)) {
                assertThat(facts.onOrder.get(key))
                        .as("struck: orders cancelled, none placed: %s", key)
                        .isZero();
            }
            LocalDate end = lto.get(key.sku());
            if (end != null && key.date().isAfter(end)) {
                assertThat(facts.units.getOrDefault(key, 0L))
                        .as("LTO over: %s", key)
                        .isZero();
                assertThat(facts.onOrder.get(key)).isZero();
            }
        }
    }

    @Test
    void demandPeaksAtTheWeekend() {
        Map<DayOfWeek, Long> units = new TreeMap<>();
        facts.units.forEach((k, u) -> units.merge(k.date().getDayOfWeek(), u, Long::sum));
        assertThat(units.get(DayOfWeek.SATURDAY)).isGreaterThan(units.get(DayOfWeek.TUESDAY));
    }

    @Test
    void everyPlantedProblemIsListedAndIsInTheFiles() throws IOException {
        List<String> problems = chain.plantedProblems();
        assertThat(problems).hasSize(8);
        assertThat(problems).anyMatch(p -> p.contains("no supplier mapping"));
        String unknown = find(problems, "unknown SKU");
        String text = find(problems, "units_sold is text");
        String duplicate = find(problems, "exact duplicate");
        String onOrder = find(problems, "NEGATIVE_ON_ORDER");
        String price = find(problems, "NEGATIVE_PRICE");
        String slash = find(problems, "dd/mm/yyyy");

        String unknownSku = unknown.replaceAll(".*unknown SKU (\\d+) .*", "$1");
        assertThat(line(unknown)).contains("," + unknownSku + ",");
        assertThat(facts.skus).doesNotContain(unknownSku);
        assertThat(cells(line(text)).get(3)).matches("[a-z]+");
        List<String> lines = Files.readAllLines(file(duplicate));
        int at = lineNumber(duplicate);
        assertThat(lines.get(at - 1)).isEqualTo(lines.get(at - 2));
        assertThat(cells(line(onOrder)).get(4)).startsWith("-");
        assertThat(cells(line(price)).get(6)).startsWith("-");
        assertThat(cells(Files.readAllLines(file(slash)).get(1)).get(1)).matches("\\d\\d/\\d\\d/\\d{4}");
    }

    @Test
    void webOrdersHaveTimestampsGuestsAndCancellationsOfEarlierOrders() throws IOException {
        Set<String> seen = new HashSet<>();
        int cancellations = 0;
        for (Path f : chain.files()) {
            if (!f.getFileName().toString().equals("orders.csv")) {
                continue;
            }
            List<Map<String, String>> day = rows(f);
            assertThat(day.size()).isBetween(20, 400);
            for (Map<String, String> line : day) {
                assertThat(line.get("ordered_at"))
                        .startsWith(f.getParent().getFileName().toString())
                        .matches(".{10} \\d\\d:\\d\\d:\\d\\d");
                String id = line.get("order_id");
                if (id.startsWith("C")) {
                    cancellations++;
                    assertThat(Integer.parseInt(line.get("quantity"))).isNegative();
                    assertThat(seen)
                            .as("cancelled order %s was placed before", id)
                            .contains(id.substring(1));
                }
            }
            day.forEach(l -> seen.add(l.get("order_id")));
        }
        assertThat(cancellations).isPositive();
    }

    @Test
    void badSizesAreRejectedNamingTheFlag() {
        assertThatThrownBy(() -> new ChainSpec(1, 0, 1, 50, 4, 20, END))
                .isInstanceOfSatisfying(
                        StockroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_PARAMETER))
                .hasMessageContaining("'--stores'")
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new ChainSpec(1, 3, 4, 50, 4, 20, END)).hasMessageContaining("'--areas'");
        assertThatThrownBy(() -> new ChainSpec(1, 3, 2, 5, 4, 20, END)).hasMessageContaining("'--skus'");
        assertThatThrownBy(() -> new ChainSpec(1, 3, 2, 50, 0, 20, END)).hasMessageContaining("'--suppliers'");
        assertThatThrownBy(() -> new ChainSpec(1, 3, 2, 50, 4, 0, END)).hasMessageContaining("'--days'");
        assertThatThrownBy(() -> new ChainSpec(1, 3, 2, 50, 4, 20, null)).hasMessageContaining("'--end-date'");
        assertThatThrownBy(() -> new ChainSpec(1, 500, 3, 200_000, 4, 20, END)).hasMessageContaining("--skus");
        assertThat(ChainSpec.defaults(END)).isEqualTo(new ChainSpec(42, 12, 3, 1_500, 8, 120, END));
    }

    // ------------------------------------------------------------------ helpers

    private static String find(List<String> problems, String text) {
        return problems.stream()
                .filter(p -> p.contains(text))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no planted " + text));
    }

    /** "sales 2025-06-14 line 42: ..." → that file. */
    private static Path file(String problem) {
        String[] words = problem.split(" ");
        return chain.dropDir().resolve(words[1]).resolve(words[0] + ".csv");
    }

    private static int lineNumber(String problem) {
        return Integer.parseInt(problem.split(" ")[3].replace(":", ""));
    }

    private static String line(String problem) throws IOException {
        return Files.readAllLines(file(problem)).get(lineNumber(problem) - 1);
    }

    private static List<String> cells(String csvLine) throws IOException {
        return CSVFormat.DEFAULT
                .parse(new StringReader(csvLine))
                .iterator()
                .next()
                .toList();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> header(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.parse(r).iterator().next().toList();
        }
    }

    static List<Map<String, String>> rows(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            List<Map<String, String>> out = new ArrayList<>();
            for (CSVRecord rec : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(r)) {
                out.add(rec.toMap());
            }
            return out;
        }
    }

    /** The daily facts of a generated chain, keyed by store, SKU and date. */
    static final class Facts {

        record Key(String store, String sku, LocalDate date) {
            Key previousDay() {
                return new Key(store, sku, date.minusDays(1));
            }
        }

        final Map<Key, Long> onHand = new HashMap<>();
        final Map<Key, Long> onOrder = new HashMap<>();
        final Map<Key, Long> units = new HashMap<>();
        final Set<Key> unreadable = new HashSet<>();
        final Set<Key> badOnOrder = new HashSet<>();
        final Map<String, Integer> casePack = new HashMap<>();
        final Set<String> skus = new HashSet<>();

        static Facts read(GeneratedChain chain) throws IOException {
            Facts f = new Facts();
            for (Path file : chain.files()) {
                String name = file.getFileName().toString();
                switch (name) {
                    case "inventory.csv" ->
                        rows(file).forEach(r -> {
                            Key k = key(r);
                            f.onHand.put(k, Long.parseLong(r.get("on_hand")));
                            long onOrder = Long.parseLong(r.get("on_order"));
                            f.onOrder.put(k, Math.abs(onOrder));
                            if (onOrder < 0) {
                                f.badOnOrder.add(k);
                            }
                        });
                    case "sales.csv" ->
                        rows(file).forEach(r -> {
                            Key k = key(r);
                            try {
                                f.units.put(k, Long.parseLong(r.get("units_sold")));
                            } catch (NumberFormatException e) {
                                f.unreadable.add(k);
                            }
                        });
                    case "supplier_products.csv" ->
                        rows(file).forEach(r -> f.casePack.put(r.get("sku"), Integer.parseInt(r.get("case_pack"))));
                    case "products.csv" -> rows(file).forEach(r -> f.skus.add(r.get("Item Number")));
                    default -> {}
                }
            }
            return f;
        }

        private static Key key(Map<String, String> r) {
            return new Key(r.get("store_id"), r.get("sku"), LocalDate.parse(r.get("business_date")));
        }
    }
}
