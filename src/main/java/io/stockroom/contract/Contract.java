package io.stockroom.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Everything Stockroom knows about one dataset: its columns, key, slice and checks. Validation,
 * warehouse DDL, upload preview and the demo generator all read this one description.
 *
 * @param dataset name, e.g. sales
 * @param kind master (upsert by key) or fact (replace slice)
 * @param table warehouse table
 * @param key columns that identify a row; duplicates inside a file or against the warehouse are errors
 * @param slice for facts: the columns whose values in a file define what a load replaces
 * @param dateColumn the business date of a row (facts)
 * @param fileNames words in a file name that identify the dataset
 * @param exactDuplicates how a row repeated exactly is treated when there is no key (ERROR or WARN)
 * @param loadMode what a load does to rows already loaded (facts; master data always upserts by key)
 * @param checks whole-row checks (several columns, other rows of the file, other tables), besides the column rules
 * @param validity when rows are versions in time (valid from/to), how they follow each other; null otherwise
 * @param emptyDayValid facts: a day with no rows is a normal day ({@code empty_day: valid}), so a header-only file
 *     loads nothing for its business date and counts as arrived; otherwise such a file is refused
 * @param lineIdentity a fact without a key: the columns that make a row the same event when a later file sends it
 *     again ({@code identity}; empty: every column read from the file)
 * @param nullWords the words that mean no value in every column of the feed ({@code null_words}), or null: each column
 *     type's default ({@link NullWords#defaultFor}); a column may declare its own
 */
public record Contract(
        String dataset,
        String description,
        DatasetKind kind,
        String table,
        List<String> key,
        List<String> slice,
        String dateColumn,
        List<String> fileNames,
        List<ColumnSpec> columns,
        Severity exactDuplicates,
        LoadMode loadMode,
        List<RowCheck> checks,
        Validity validity,
        boolean emptyDayValid,
        List<String> lineIdentity,
        NullWords nullWords) {

    public Contract(
            String dataset,
            String description,
            DatasetKind kind,
            String table,
            List<String> key,
            List<String> slice,
            String dateColumn,
            List<String> fileNames,
            List<ColumnSpec> columns,
            Severity exactDuplicates,
            LoadMode loadMode) {
        this(
                dataset,
                description,
                kind,
                table,
                key,
                slice,
                dateColumn,
                fileNames,
                columns,
                exactDuplicates,
                loadMode,
                List.of(),
                null,
                false,
                List.of(),
                null);
    }

    public Contract {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(table, "table is null");
        key = key == null ? List.of() : List.copyOf(key);
        slice = slice == null ? List.of() : List.copyOf(slice);
        fileNames = fileNames == null ? List.of() : List.copyOf(fileNames);
        columns = List.copyOf(columns);
        exactDuplicates = exactDuplicates == null ? Severity.ERROR : exactDuplicates;
        checks = checks == null ? List.of() : List.copyOf(checks);
        lineIdentity = lineIdentity == null ? List.of() : List.copyOf(lineIdentity);
        loadMode = loadMode != null
                ? loadMode
                : kind == DatasetKind.FACT && key.isEmpty() ? LoadMode.APPEND : LoadMode.UPSERT;
    }

    /**
     * The columns that identify a row for {@link LoadMode#UPSERT} and {@link LoadMode#APPEND}: the key, or, for a
     * fact without one (orders lines), its declared {@code identity}, else the row's content, so that the same event
     * sent twice is one row.
     */
    public List<String> identity() {
        return !key.isEmpty()
                ? key
                : !lineIdentity.isEmpty()
                        ? lineIdentity
                        : inputColumns().stream().map(ColumnSpec::name).toList();
    }

    /** The words that mean no value in this column: its own, else the feed's, else its type's default. */
    public NullWords nullWords(ColumnSpec column) {
        return column.nullWords() != null
                ? column.nullWords()
                : nullWords != null ? nullWords : NullWords.defaultFor(column.type());
    }

    public Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Columns read from the file (not derived). */
    public List<ColumnSpec> inputColumns() {
        return columns.stream().filter(c -> !c.isDerived()).toList();
    }

    public List<ColumnSpec> requiredColumns() {
        return columns.stream()
                .filter(c -> c.required() && !c.isDerived() && c.defaultValue() == null)
                .toList();
    }

    public boolean isFact() {
        return kind == DatasetKind.FACT;
    }
}
