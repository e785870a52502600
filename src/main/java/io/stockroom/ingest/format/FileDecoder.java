package io.stockroom.ingest.format;

import static java.util.Objects.requireNonNull;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Turns any received file into something the engine reads as text (or Parquet), or refuses it with a
 * {@link StockroomException} that says what is wrong and how to fix it. The format is judged by the content's magic
 * bytes first and the file name second; whatever has to be converted is written as UTF-8 CSV under the work directory.
 * Every pass streams, so memory stays bounded whatever the file's size.
 */
public final class FileDecoder {

    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] PARQUET = {'P', 'A', 'R', '1'};
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP = {'P', 'K', 5, 6};
    private static final byte[] OLE2 = {
        (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1
    };

    private final WorkFiles work;
    private final DelimitedTextDecoder text;
    private final JsonConverter json;
    private final XlsxConverter xlsx;

    /** The most columns a file may have unless configured otherwise (stockroom.ingest.max-columns). */
    public static final int DEFAULT_MAX_COLUMNS = 1000;

    /** @param workDir where converted and decompressed files are written (created when needed) */
    public FileDecoder(Path workDir) {
        this(workDir, DEFAULT_MAX_COLUMNS);
    }

    /**
     * @param maxColumns the most columns a file may have: a wider one is refused (TOO_MANY_COLUMNS) as soon as its
     *     header is read, before anything sizes itself by its width
     */
    public FileDecoder(Path workDir, int maxColumns) {
        this.work = new WorkFiles(requireNonNull(workDir, "workDir is null"));
        Headers.Limit limit = new Headers.Limit(maxColumns);
        this.text = new DelimitedTextDecoder(work, limit);
        this.json = new JsonConverter(work, limit);
        this.xlsx = new XlsxConverter(work, limit);
    }

    /**
     * @param file         the received file
     * @param originalName the name the sender gave it (its extension matters for ZIP/Excel and gzip)
     * @param sheet        for Excel, the sheet to read; null for the first
     */
    public DecodedFile decode(Path file, String originalName, String sheet) {
        requireNonNull(file, "file is null");
        String name = originalName == null || originalName.isBlank()
                ? file.getFileName().toString()
                : originalName;
        if (!Files.isRegularFile(file)) {
            throw new StockroomException(
                    ErrorCode.FILE_NOT_FOUND, "'" + name + "' was not found at " + file + ": check the path.");
        }
        try {
            return decodeFile(file, name, sheet);
        } catch (IOException e) {
            throw Problems.unreadable(
                    name, "could not be read (" + e.getMessage() + "); check the file and send it again.", e);
        }
    }

    private DecodedFile decodeFile(Path file, String name, String sheet) throws IOException {
        if (Files.size(file) == 0) {
            throw Problems.empty(name);
        }
        byte[] magic = firstBytes(new Source(file, false), 8);
        if (startsWith(magic, GZIP)) {
            return decodeGzip(file, name, sheet);
        }
        if (startsWith(magic, PARQUET)) {
            return parquet(file, file, name, List.of());
        }
        if (startsWith(magic, ZIP) || startsWith(magic, EMPTY_ZIP)) {
            return excel(file, file, name, sheet, List.of());
        }
        if (startsWith(magic, OLE2)) {
            throw legacyExcel(name);
        }
        return textOrJson(file, new Source(file, false), name, List.of());
    }

    private DecodedFile decodeGzip(Path file, String name, String sheet) throws IOException {
        String inner = name.toLowerCase(Locale.ROOT).endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        Source source = new Source(file, true);
        byte[] magic;
        try {
            magic = firstBytes(source, 8);
        } catch (EOFException | ZipException e) {
            throw Problems.unreadable(
                    name, "is a damaged or truncated gzip file (" + e.getMessage() + "); send the file again.", e);
        }
        if (magic.length == 0) {
            throw Problems.empty(name);
        }
        List<String> notes = List.of("decompressed from gzip");
        boolean parquet = startsWith(magic, PARQUET);
        boolean zip = startsWith(magic, ZIP) || startsWith(magic, EMPTY_ZIP);
        if (startsWith(magic, OLE2)) {
            throw legacyExcel(name);
        }
        if (!parquet && !zip) {
            return textOrJson(file, source, name, List.of("gzip-compressed"));
        }
        // the engine and the Excel reader need the plain file: decompress it to the work directory
        Path plain = work.create(inner, parquet ? ".parquet" : ".xlsx");
        try (InputStream in = source.open();
                OutputStream out = Files.newOutputStream(plain)) {
            in.transferTo(out);
        } catch (EOFException | ZipException e) {
            Files.deleteIfExists(plain);
            throw Problems.unreadable(
                    name, "is a damaged or truncated gzip file (" + e.getMessage() + "); send the file again.", e);
        }
        if (parquet) {
            return parquet(file, plain, inner, notes);
        }
        try {
            return excel(file, plain, inner, sheet, notes);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private DecodedFile textOrJson(Path file, Source source, String name, List<String> notes) throws IOException {
        Head head;
        try {
            head = Head.read(source);
        } catch (EOFException | ZipException e) {
            throw Problems.unreadable(
                    name, "is a damaged or truncated gzip file (" + e.getMessage() + "); send the file again.", e);
        }
        if (head.blank()) {
            throw Problems.empty(name);
        }
        if (head.looksBinary()) {
            throw Problems.binary(name);
        }
        List<String> allNotes = new ArrayList<>(notes);
        char first = head.firstSignificant();
        if (first == '[' || first == '{') {
            return json.convert(file, source, head, name, allNotes);
        }
        return text.decode(file, source, head, name, allNotes);
    }

    private static DecodedFile parquet(Path original, Path readable, String name, List<String> notes)
            throws IOException {
        if (Files.size(readable) < 12 || !startsWith(lastBytes(readable, 4), PARQUET)) {
            throw Problems.unreadable(
                    name, "is a damaged or truncated Parquet file (its footer is missing); export it again.");
        }
        return new DecodedFile(
                original,
                name,
                SourceFormat.PARQUET,
                readable,
                true,
                ',',
                false,
                "binary",
                List.of(),
                -1,
                notes,
                false,
                List.of(),
                -1L,
                List.of());
    }

    private DecodedFile excel(Path original, Path workbook, String name, String sheet, List<String> notes)
            throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".xlsx") && !lower.endsWith(".xlsm")) {
            throw Problems.zipNotCsv(name);
        }
        return xlsx.convert(original, workbook, name, sheet, notes);
    }

    private static StockroomException legacyExcel(String name) {
        return new StockroomException(
                ErrorCode.UNSUPPORTED_FORMAT,
                "'" + name
                        + "' is an old Excel 97-2003 workbook (.xls), which is not supported: save it as .xlsx or CSV.");
    }

    private static byte[] firstBytes(Source source, int n) throws IOException {
        try (InputStream in = source.open()) {
            return in.readNBytes(n);
        }
    }

    private static byte[] lastBytes(Path file, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[n];
            raf.seek(raf.length() - n);
            raf.readFully(bytes);
            return bytes;
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
