package io.stockroom.ingest.format;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A received file made readable for the engine.
 *
 * @param source            the file as received
 * @param originalName      the name the sender gave it
 * @param format            what the content is
 * @param readable          the file the engine should read: the source itself when it already is UTF-8 delimited
 *                          text (gzip allowed), else a converted UTF-8 CSV (or a decompressed Parquet file) in the
 *                          decoder's work directory
 * @param parquet           true: read {@code readable} with read_parquet; false: it is delimited UTF-8 text
 * @param delimiter         for text: one of {@code , ; | \t} ({@code ,} for converted files)
 * @param gzip              {@code readable} is gzip-compressed text
 * @param sourceEncoding    "UTF-8", "UTF-8 (BOM)", "windows-1252", "UTF-16LE", "UTF-16BE"; "binary" for Parquet and
 *                          Excel
 * @param header            header cells as in the file, trimmed, blanks named {@code column_<n>}; empty for Parquet
 * @param dataLinesEstimate data records after the header (exact for text and converted files), -1 if unknown
 * @param notes             what the decoder did, for people: conversions, sheet, delimiter
 * @param quotedNewlines    some quoted value spans lines: the engine must read {@code readable} single-threaded
 *                          ({@code parallel=false}), because DuckDB's parallel CSV scan can split such a record at a
 *                          buffer boundary and invent rows
 * @param longLines         for text: the lines (numbered in the file as received) too long for the engine, each
 *                          replaced in {@code readable} by a stand-in line that the engine rejects, so it is
 *                          quarantined as LINE_TOO_LONG with its number instead of vanishing
 * @param underscoreColumns for text: bit i set when some value of the i-th column (0-based; bit 63: column 63 and
 *                          beyond) holds an underscore, header excluded; -1 when not known
 * @param sheets            for a workbook: every sheet, whether it was read and how many data rows it has; empty (or
 *                          null) for other formats
 */
public record DecodedFile(
        Path source,
        String originalName,
        SourceFormat format,
        Path readable,
        boolean parquet,
        char delimiter,
        boolean gzip,
        String sourceEncoding,
        List<String> header,
        long dataLinesEstimate,
        List<String> notes,
        boolean quotedNewlines,
        List<Long> longLines,
        long underscoreColumns,
        List<Sheet> sheets) {

    /**
     * One sheet of a workbook.
     *
     * @param name the sheet's name
     * @param rows its data rows (non-empty rows after the first non-empty one, its header); 0 for an empty sheet; -1
     *     when not counted (another sheet was named: the sender chose)
     * @param read its rows are in {@code readable}
     */
    public record Sheet(String name, long rows, boolean read) {

        public Sheet {
            requireNonNull(name, "name is null");
        }

        /** "'Returns' (2 rows)", as the feed names it. */
        public String described() {
            return "'" + name + "' (" + (rows == 1 ? "1 row" : String.format("%,d rows", rows)) + ")";
        }
    }

    public DecodedFile {
        requireNonNull(source, "source is null");
        requireNonNull(originalName, "originalName is null");
        requireNonNull(format, "format is null");
        requireNonNull(readable, "readable is null");
        requireNonNull(sourceEncoding, "sourceEncoding is null");
        header = List.copyOf(header);
        notes = List.copyOf(notes);
        longLines = longLines == null ? List.of() : List.copyOf(longLines);
        sheets = sheets == null ? List.of() : List.copyOf(sheets);
    }

    /** The sheets of a workbook that hold data rows and were not read: a sender may not know they were left out. */
    public List<Sheet> sheetsNotRead() {
        return sheets.stream().filter(s -> !s.read() && s.rows() > 0).toList();
    }

    /** Some value of the i-th column (0-based) may hold an underscore. */
    public boolean mayHoldUnderscore(int column) {
        return (underscoreColumns & (1L << Math.min(column, 63))) != 0;
    }

    /** {@code mask} with the i-th column (0-based) marked as holding an underscore. */
    static long withUnderscore(long mask, int column) {
        return mask | 1L << Math.min(column, 63);
    }

    /**
     * A text or Excel file with a header row and no data rows (blank lines aside). The decoder lets it through: whether
     * that is a normal empty day or a broken export depends on its dataset's contract ({@code empty_day}).
     */
    public boolean headerOnly() {
        return !parquet && dataLinesEstimate == 0;
    }

    /** True when {@code readable} is a file the decoder wrote, not the received file. */
    public boolean converted() {
        return !readable.equals(source);
    }

    /** Deletes what the decoder wrote for this file; the received file is never touched. */
    public void deleteTemporaryFiles() {
        if (converted()) {
            try {
                Files.deleteIfExists(readable);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete temporary file " + readable, e);
            }
        }
    }
}
