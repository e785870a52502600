package io.stockroom.demo;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where generated files go ({@code <drop>/<YYYY-MM-DD>/<dataset>.csv}) and what was written, in order. */
final class DropFolder {

    static final List<String> DATASETS = List.of(
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

    private final Path root;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final Set<LocalDate> cleared = new HashSet<>();

    DropFolder(Path root) {
        this.root = root;
        for (String d : DATASETS) {
            rows.put(d, 0L);
        }
    }

    Path root() {
        return root;
    }

    CsvSink open(String dataset, LocalDate date) {
        Path folder = root.resolve(date.toString());
        if (cleared.add(date)) {
            clear(folder);
        }
        return new CsvSink(folder.resolve(dataset + ".csv"));
    }

    /**
     * Removes the files a previous generation wrote into a date folder we are about to write (e.g. a product
     * master re-sent on another day), so the folder holds exactly this chain's files. Other files are left alone.
     */
    private static void clear(Path folder) {
        for (String d : DATASETS) {
            try {
                Files.deleteIfExists(folder.resolve(d + ".csv"));
            } catch (IOException e) {
                throw new StockroomException(
                        ErrorCode.INTERNAL,
                        "Cannot replace " + folder.resolve(d + ".csv") + ": " + e.getMessage()
                                + ". Check the folder's permissions or choose another --out.",
                        e);
            }
        }
    }

    /** Closes the file (moving it into place) and counts its rows. */
    void done(String dataset, CsvSink sink) {
        sink.close();
        files.add(sink.path());
        rows.merge(dataset, sink.rows(), Long::sum);
    }

    List<Path> files() {
        return files;
    }

    Map<String, Long> rows() {
        return rows;
    }
}
