package io.stockroom.ingest.format;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Delimited text: sniffs the delimiter and header from the head, then streams the whole file once to check it is
 * UTF-8 and count its records, and once more only when it must be rewritten as UTF-8 (Windows-1252, UTF-16, blank
 * lines before the header).
 */
final class DelimitedTextDecoder {

    private final WorkFiles work;
    private final Headers.Limit limit;

    DelimitedTextDecoder(WorkFiles work, Headers.Limit limit) {
        this.work = work;
        this.limit = limit;
    }

    DecodedFile decode(Path original, Source source, Head head, String name, List<String> notes) throws IOException {
        DelimiterSniffer.Sniffed sniffed = DelimiterSniffer.sniff(head.text(), head.complete(), name);
        char delimiter = sniffed.delimiter();
        limit.check(sniffed.header(), name);
        List<String> header = Headers.normalize(sniffed.header(), name);
        notes = new ArrayList<>(notes);
        notes.add("delimiter " + Problems.show(delimiter));

        if (head.utf16()) {
            String encoding = head.charset().name();
            Path utf8 = work.create(name, ".csv");
            try (InputStream in = source.open();
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(utf8), Utf8.BUFFER)) {
                in.skipNBytes(head.bom());
                Utf8.transcode(in, head.charset(), out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(utf8);
                throw e;
            }
            notes.add("converted from " + encoding + " to UTF-8");
            try {
                RecordScanner scan = scan(new Source(utf8, false), 0, delimiter, name, new Utf8.Validator());
                requireData(scan, name);
                requireShortHeader(scan, name, header.size());
                Path readable = utf8;
                if (scan.needsReadableCopy()) {
                    readable = work.create(name, ".csv");
                    try (InputStream in = new Source(utf8, false).open();
                            OutputStream out = Files.newOutputStream(readable)) {
                        in.skipNBytes(scan.headerOffset);
                        engineReadable(in, scan, delimiter, header.size(), notes)
                                .transferTo(out);
                    }
                    Files.delete(utf8);
                    if (scan.blankLinesBeforeHeader > 0) {
                        notes.add("left out " + scan.blankLinesBeforeHeader + " blank line(s) before the header");
                    }
                }
                return decoded(original, name, readable, delimiter, false, encoding, header, scan, notes);
            } catch (RuntimeException e) {
                Files.deleteIfExists(utf8);
                throw e;
            }
        }

        Utf8.Validator utf8 = new Utf8.Validator();
        RecordScanner scan = scan(source, head.bom(), delimiter, name, utf8);
        requireData(scan, name);
        requireShortHeader(scan, name, header.size());
        boolean rewrite = utf8.invalidBytes > 0 || scan.needsReadableCopy();
        String encoding = head.bom() > 0 ? "UTF-8 (BOM)" : "UTF-8";
        if (utf8.invalidBytes > 0) {
            encoding = "windows-1252";
            notes.add("converted from Latin-1/Windows-1252 to UTF-8");
            if (utf8.multiByteSequences > 0) {
                notes.add("the file mixes UTF-8 and Windows-1252: " + utf8.invalidBytes
                        + " byte(s) that are not UTF-8 were read as Windows-1252, the rest kept as UTF-8");
            }
        }
        if (scan.blankLinesBeforeHeader > 0) {
            notes.add("left out " + scan.blankLinesBeforeHeader + " blank line(s) before the header");
        }
        if (!rewrite) {
            return decoded(original, name, source.path(), delimiter, source.gzip(), encoding, header, scan, notes);
        }
        Path readable = work.create(name, ".csv");
        try (InputStream in = source.open();
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(readable), Utf8.BUFFER)) {
            in.skipNBytes(head.bom() + scan.headerOffset);
            Utf8.transcodeLenient(engineReadable(in, scan, delimiter, header.size(), notes), out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(readable);
            throw e;
        }
        return decoded(original, name, readable, delimiter, false, encoding, header, scan, notes);
    }

    /**
     * {@code in} (from the header on) as the engine can read it: each record too long for it replaced by a stand-in, and
     * one kind of line break when the file's lines end in several (noted on the feed).
     */
    private static InputStream engineReadable(
            InputStream in, RecordScanner scan, char delimiter, int columns, List<String> notes) {
        InputStream shortLines =
                LongLines.replacing(in, scan.headerOffset, scan.longRecords, LongLines.standIn(delimiter, columns));
        if (!scan.mixedLineBreaks()) {
            return shortLines;
        }
        notes.add("the lines end in mixed line breaks (" + scan.lineBreakCounts()
                + "): each was read as the end of a line");
        return LineBreaks.unified(shortLines, delimiter);
    }

    private static DecodedFile decoded(
            Path original,
            String name,
            Path readable,
            char delimiter,
            boolean gzip,
            String encoding,
            List<String> header,
            RecordScanner scan,
            List<String> notes) {
        if (scan.quotedNewlines) {
            notes.add("some quoted values span several lines");
        }
        return new DecodedFile(
                original,
                name,
                SourceFormat.CSV,
                readable,
                false,
                delimiter,
                gzip,
                encoding,
                header,
                scan.records - 1,
                notes,
                scan.quotedNewlines,
                scan.longRecords.stream().map(r -> r[2]).toList(),
                scan.underscoreFields,
                List.of());
    }

    /** A header line too long for the engine (a million columns) is refused before anything reads it. */
    private static void requireShortHeader(RecordScanner scan, String name, int columns) {
        if (!scan.longRecords.isEmpty() && scan.longRecords.getFirst()[0] <= scan.headerOffset) {
            throw Problems.tooManyColumns(
                    name,
                    "its header line is "
                            + String.format(
                                    "%,d",
                                    scan.longRecords.getFirst()[1]
                                            - scan.longRecords.getFirst()[0])
                            + " bytes long (the limit for one line is "
                            + String.format("%,d", RecordScanner.MAX_RECORD_BYTES) + " bytes)");
        }
    }

    /**
     * A file with a header row and no data rows is decoded (its dataset may call that a normal empty day); the load
     * decides, once it knows the dataset ({@link DecodedFile#headerOnly()}).
     */
    private static void requireData(RecordScanner scan, String name) {
        if (scan.records == 0) {
            throw Problems.empty(name);
        }
    }

    /** One pass over the whole file: UTF-8 validity and record structure, in bounded memory. */
    private static RecordScanner scan(Source source, int skip, char delimiter, String name, Utf8.Validator utf8)
            throws IOException {
        RecordScanner scanner = new RecordScanner(delimiter);
        byte[] b = new byte[Utf8.BUFFER];
        int carry = 0;
        try (InputStream in = source.open()) {
            in.skipNBytes(skip);
            while (true) {
                int read = in.read(b, carry, b.length - carry);
                boolean end = read < 0;
                int len = carry + Math.max(read, 0);
                int done = utf8.update(b, len, end);
                scanner.update(b, 0, done);
                carry = len - done;
                System.arraycopy(b, done, b, 0, carry);
                if (end) {
                    break;
                }
            }
        } catch (EOFException | ZipException e) {
            throw Problems.unreadable(
                    name, "is a damaged or truncated gzip file (" + e.getMessage() + "); send the file again.", e);
        }
        long openQuoteLine = scanner.finish();
        if (openQuoteLine > 0) {
            throw Problems.unreadable(
                    name,
                    "has a quote (\") that opens a value on line " + openQuoteLine
                            + " and is never closed; fix the quoting (a quote inside a quoted value is written twice: \"\") or re-export the file.");
        }
        return scanner;
    }
}
