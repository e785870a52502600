package io.stockroom.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ChainGenerator} wrote.
 *
 * @param dropDir the drop folder (one sub-folder per business date)
 * @param firstDate the first business date (master data is in its folder)
 * @param lastDate the last business date
 * @param rowsByDataset data rows written per dataset (headers not counted), in pipeline order
 * @param files every file written, in the order written
 * @param plantedProblems the deliberate problems, one line each: file, line and what the pipeline should do
 */
public record GeneratedChain(
        Path dropDir,
        LocalDate firstDate,
        LocalDate lastDate,
        Map<String, Long> rowsByDataset,
        List<Path> files,
        List<String> plantedProblems) {

    public GeneratedChain {
        requireNonNull(dropDir, "dropDir is null");
        requireNonNull(firstDate, "firstDate is null");
        requireNonNull(lastDate, "lastDate is null");
        rowsByDataset = Collections.unmodifiableMap(new LinkedHashMap<>(rowsByDataset));
        files = List.copyOf(files);
        plantedProblems = List.copyOf(plantedProblems);
    }

    public long totalRows() {
        return rowsByDataset.values().stream().mapToLong(Long::longValue).sum();
    }
}
