package io.stockroom.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where generated files go ({@code <drop>/<YYYY-MM-DD>/<dataset>.csv}) and what was written, in order. */
final class DropFolder {

    static final List<String> DATASETS = List.of("stores", "products", "suppliers", "supplier_products", "replenishment_rules",
            "sales", "inventory", "orders", "labour");

    private final Path root;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Long> rows = new LinkedHashMap<>();

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
        return new CsvSink(root.resolve(date.toString()).resolve(dataset + ".csv"));
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
