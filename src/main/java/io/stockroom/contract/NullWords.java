package io.stockroom.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The words that mean "no value" in one column of a feed, compared with the trimmed value exactly (case included). An
 * empty cell is always no value and is not listed. A contract may declare them ({@code null_words}, for the whole feed or
 * one column); otherwise the column's type decides ({@link #defaultFor}).
 *
 * @param words each non-blank, without surrounding spaces
 */
public record NullWords(List<String> words) {

    /**
     * What spreadsheets, databases and scripts write for a missing value: Excel's #N/A, SQL's NULL, pandas' NaN, R's NA,
     * Python's None, Ruby's nil. In a code, date or boolean column none of them can be a value, so all are missing.
     */
    public static final NullWords EVERY =
            new NullWords(List.of("NULL", "null", "Null", "N/A", "n/a", "NA", "#N/A", "NaN", "None", "nil"));

    /**
     * A number column: as {@link #EVERY} but NaN, which is a value that is no number (a division by zero in the export's
     * spreadsheet), quarantined as INVALID_NUMBER as Infinity is.
     */
    public static final NullWords NUMBER =
            new NullWords(List.of("NULL", "null", "Null", "N/A", "n/a", "NA", "#N/A", "None", "nil"));

    /**
     * A text column (a name, region, brand, country): only the markers no one names a thing (NULL, N/A, #N/A). NA is
     * North America and Namibia, None and Nil are brands and names, NaN a product name: each is kept as written.
     */
    public static final NullWords TEXT = new NullWords(List.of("NULL", "null", "Null", "N/A", "n/a", "#N/A"));

    public NullWords {
        words = List.copyOf(requireNonNull(words, "words is null"));
    }

    /** The null words of a column of this type that no contract declared any for. */
    public static NullWords defaultFor(ColumnType type) {
        return switch (type) {
            case TEXT -> TEXT;
            case DECIMAL, INTEGER -> NUMBER;
            case CODE, DATE, TIMESTAMP, BOOLEAN -> EVERY;
        };
    }

    /** The length of the longest word (0 when there is none): a longer value is never one. */
    public int longest() {
        return words.stream().mapToInt(String::length).max().orElse(0);
    }
}
