package io.stockroom.warehouse;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits delimited text into records the way DuckDB's strict reader does ('"' quotes, '""' inside quotes is a quote,
 * line breaks inside quotes belong to the value), so that PostgreSQL's staging sets aside the same records DuckDB's
 * does. A quoted value followed by anything but a delimiter or a line break ({@code "3"50}) makes its record
 * malformed: the rest of its line is skipped and the record is reported, where a general CSV parser would stop the
 * whole file. Empty values are NULL, quoted or not. A quote left open to the end of the file is refused by the
 * decoder before staging; here it throws.
 */
final class CsvRecords {

    /** One record: its values (null for empty), or the reason it is malformed, and its text as written. */
    record Record(List<String> values, String problem, String text) {

        boolean blank() {
            return problem == null && values.size() == 1 && values.getFirst() == null;
        }
    }

    private final Reader in;
    private final char delimiter;
    private int pending = -2; // -2: nothing read ahead

    CsvRecords(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> values = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder value = new StringBuilder();
        while (true) {
            // at the start of a value
            value.setLength(0);
            if (c == '"') {
                text.append('"');
                while (true) {
                    c = read();
                    if (c == -1) {
                        throw new IOException("a quoted value opened on this record is never closed");
                    }
                    text.append((char) c);
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            text.append('"');
                            value.append('"');
                            continue;
                        }
                        c = d;
                        break;
                    }
                    value.append((char) c);
                }
                if (c != delimiter && c != '\n' && c != '\r' && c != -1) {
                    skipLine(c, text);
                    return new Record(List.of(), "UNQUOTED VALUE", text.toString());
                }
            } else {
                while (c != delimiter && c != '\n' && c != '\r' && c != -1) {
                    value.append((char) c);
                    text.append((char) c);
                    c = read();
                }
            }
            values.add(value.isEmpty() ? null : value.toString());
            if (c == delimiter) {
                text.append((char) c);
                c = read();
                continue;
            }
            endLine(c);
            return new Record(values, null, text.toString());
        }
    }

    /** The rest of a malformed record's line, into its text, and the line break after it. */
    private void skipLine(int c, StringBuilder text) throws IOException {
        while (c != '\n' && c != '\r' && c != -1) {
            text.append((char) c);
            c = read();
        }
        endLine(c);
    }

    /** After a CR, a LF belongs to the same line break. */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                pending = d;
            }
        }
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }
}
