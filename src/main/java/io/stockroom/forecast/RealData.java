package io.stockroom.forecast;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Reads the public M5 and Rossmann data of {@code data/real} into daily series (docs/forecast.md). */
final class RealData {

    private static final CSVFormat HEADER =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private RealData() {}

    /**
     * The documented conversion step: M5's wide file (one row per item × store, columns d_1 .. d_1913) becomes the
     * long format Stockroom's sales contract reads, one row per day: {@code date,store_id,sku,category,units}.
     * The calendar maps d_n to its date. Returns the number of rows written.
     */
    static long convertM5(Path m5Dir, Path out) {
        Map<String, String> dates = new HashMap<>();
        try (Reader r = Files.newBufferedReader(m5Dir.resolve("calendar.csv"))) {
            for (CSVRecord rec : HEADER.parse(r)) {
                dates.put(rec.get("d"), rec.get("date"));
            }
        } catch (IOException e) {
            throw unreadable(m5Dir.resolve("calendar.csv"), e);
        }
        long rows = 0;
        Path wide = m5Dir.resolve("sales_train_validation.csv");
        try (Reader r = Files.newBufferedReader(wide);
                Writer w = Files.newBufferedWriter(out);
                CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            p.printRecord("date", "store_id", "sku", "category", "units");
            var parser = HEADER.parse(r);
            List<String> dayColumns = parser.getHeaderNames().stream()
                    .filter(h -> h.startsWith("d_"))
                    .toList();
            for (CSVRecord rec : parser) {
                for (String d : dayColumns) {
                    String date = dates.get(d);
                    if (date == null) {
                        throw new StockroomException(
                                ErrorCode.FILE_UNREADABLE,
                                "M5 column " + d + " has no row in calendar.csv; use the calendar.csv that came with "
                                        + wide.getFileName());
                    }
                    p.printRecord(date, rec.get("store_id"), rec.get("item_id"), rec.get("cat_id"), rec.get(d));
                    rows++;
                }
            }
        } catch (IOException e) {
            throw unreadable(wide, e);
        }
        return rows;
    }

    /** Series from the long file {@link #convertM5} writes (no promotion data in the M5 subset). */
    static List<Series> readLong(Path longCsv) {
        Map<String, TreeMap<LocalDate, Double>> byKey = new LinkedHashMap<>();
        Map<String, String> category = new HashMap<>();
        try (Reader r = Files.newBufferedReader(longCsv)) {
            for (CSVRecord rec : HEADER.parse(r)) {
                String key = rec.get("store_id") + "|" + rec.get("sku");
                category.put(key, rec.get("category"));
                byKey.computeIfAbsent(key, k -> new TreeMap<>())
                        .put(LocalDate.parse(rec.get("date")), Double.parseDouble(rec.get("units")));
            }
        } catch (IOException e) {
            throw unreadable(longCsv, e);
        }
        List<Series> out = new ArrayList<>();
        byKey.forEach((k, days) -> out.add(daily(k, category.get(k), days, Map.of(), Map.of())));
        return out;
    }

    /**
     * Rossmann: one series per store (daily sales), the store type as its category, the Promo flag as promotion
     * days, Open = 0 as closed days (a store's opening calendar is known ahead). A day missing from the file is NaN (not observed).
     */
    static List<Series> rossmann(Path dir) {
        Map<String, String> type = new HashMap<>();
        try (Reader r = Files.newBufferedReader(dir.resolve("store.csv"))) {
            for (CSVRecord rec : HEADER.parse(r)) {
                type.put(rec.get("Store"), "type " + rec.get("StoreType"));
            }
        } catch (IOException e) {
            throw unreadable(dir.resolve("store.csv"), e);
        }
        Map<String, TreeMap<LocalDate, Double>> sales = new TreeMap<>();
        Map<String, Map<LocalDate, Boolean>> promo = new HashMap<>();
        Map<String, Map<LocalDate, Boolean>> closed = new HashMap<>();
        try (Reader r = Files.newBufferedReader(dir.resolve("sales.csv"))) {
            for (CSVRecord rec : HEADER.parse(r)) {
                String store = rec.get("Store");
                LocalDate d = LocalDate.parse(rec.get("Date"));
                sales.computeIfAbsent(store, k -> new TreeMap<>()).put(d, Double.parseDouble(rec.get("Sales")));
                promo.computeIfAbsent(store, k -> new HashMap<>()).put(d, "1".equals(rec.get("Promo")));
                closed.computeIfAbsent(store, k -> new HashMap<>()).put(d, "0".equals(rec.get("Open")));
            }
        } catch (IOException e) {
            throw unreadable(dir.resolve("sales.csv"), e);
        }
        List<Series> out = new ArrayList<>();
        sales.entrySet().stream()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getKey()), Integer.parseInt(b.getKey())))
                .forEach(e -> out.add(daily(
                        "store " + e.getKey(),
                        type.getOrDefault(e.getKey(), "unknown"),
                        e.getValue(),
                        promo.get(e.getKey()),
                        closed.get(e.getKey()))));
        return out;
    }

    private static Series daily(
            String id,
            String category,
            TreeMap<LocalDate, Double> days,
            Map<LocalDate, Boolean> promo,
            Map<LocalDate, Boolean> closed) {
        LocalDate first = days.firstKey();
        int n = (int) ChronoUnit.DAYS.between(first, days.lastKey()) + 1;
        double[] units = new double[n];
        boolean[] flags = new boolean[n];
        boolean[] shut = new boolean[n];
        for (int t = 0; t < n; t++) {
            LocalDate d = first.plusDays(t);
            Double v = days.get(d);
            units[t] = v == null ? Double.NaN : v;
            flags[t] = promo.getOrDefault(d, false);
            shut[t] = closed.getOrDefault(d, false);
        }
        return new Series(id, category, units, flags, shut);
    }

    private static StockroomException unreadable(Path p, IOException e) {
        return new StockroomException(
                ErrorCode.FILE_UNREADABLE,
                "Cannot read " + p + ": " + e.getMessage()
                        + ". Point --real-dir at the folder that holds m5_subset/ and rossmann/.",
                e);
    }
}
