package io.stockroom.ingest.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Header cells as the engine will name its columns: trimmed, blanks named, no two alike. */
final class Headers {

    private Headers() {}

    /** The most columns a file may have (stockroom.ingest.max-columns). */
    record Limit(int maxColumns) {

        Limit {
            if (maxColumns < 1) {
                throw new IllegalArgumentException("maxColumns must be positive");
            }
        }

        /** Refuses a file whose header has more columns than the limit. */
        void check(int columns, String fileName) {
            check(columns, List.of(), fileName);
        }

        /** As above, with the header's cells, so a wide layout (a column per day) is named as such. */
        void check(List<String> header, String fileName) {
            check(header.size(), header, fileName);
        }

        private void check(int columns, List<String> header, String fileName) {
            if (columns > maxColumns) {
                throw Problems.tooManyColumns(
                        fileName,
                        String.format(
                                "its header has %,d columns, more than the limit of %,d "
                                        + "(stockroom.ingest.max-columns)",
                                columns, maxColumns),
                        header);
            }
        }
    }

    /** The column name of the i-th (0-based) header cell: trimmed, without a byte-order mark, {@code column_<i+1>} if blank. */
    static String name(String cell, int i) {
        String trimmed = cell == null ? "" : cell.replace("\uFEFF", "").strip();
        return trimmed.isEmpty() ? "column_" + (i + 1) : trimmed;
    }

    /**
     * Trims each cell and names blank ones {@code column_<n>} (1-based). Names that differ only in case count as
     * duplicates, because the engine's column names are case-insensitive.
     */
    static List<String> normalize(List<String> cells, String fileName) {
        List<String> names = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            names.add(name(cells.get(i), i));
        }
        Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            positions
                    .computeIfAbsent(names.get(i).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(i + 1);
        }
        String duplicates = positions.values().stream()
                .filter(p -> p.size() > 1)
                .map(p -> "'" + names.get(p.get(0) - 1) + "' (columns "
                        + p.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")")
                .collect(Collectors.joining("; "));
        if (!duplicates.isEmpty()) {
            throw Problems.unreadable(
                    fileName,
                    "has duplicate column names in its header: " + duplicates
                            + "; rename them so every column has its own name.");
        }
        return List.copyOf(names);
    }
}
