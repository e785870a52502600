package io.stockroom.ingest.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * One kind of line break for a file whose lines end in several ({@link RecordScanner#mixedLineBreaks()}): every CRLF
 * and bare CR that ends a line becomes LF. Line breaks inside quoted values are part of the value and stay as sent;
 * quoting is read as {@link RecordScanner} reads it (a quote opens a value only at the start of a field, a doubled
 * quote inside is a literal quote). Only bytes are dropped or replaced one for one, so every line keeps its number.
 */
final class LineBreaks {

    private LineBreaks() {}

    static InputStream unified(InputStream in, char delimiter) {
        byte delim = (byte) delimiter;
        return new BlockFilter(in) {
            private boolean inQuotes;
            private boolean quotePending;
            private boolean fieldStart = true;
            private boolean afterCarriageReturn;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    int n = in.read(b, off, len);
                    if (n < 0) {
                        return -1;
                    }
                    int out = off;
                    for (int i = off; i < off + n; i++) {
                        byte c = b[i];
                        if (inQuotes) {
                            if (!quotePending) {
                                quotePending = c == '"';
                                b[out++] = c;
                                continue;
                            }
                            quotePending = false;
                            if (c == '"') {
                                b[out++] = c; // a doubled quote: a literal quote, still inside
                                continue;
                            }
                            inQuotes = false; // the pending quote closed the value; c is read as unquoted
                        }
                        if (afterCarriageReturn) {
                            afterCarriageReturn = false;
                            if (c == '\n') {
                                continue; // the LF of a CRLF whose CR already ended the line
                            }
                        }
                        if (c == '\r' || c == '\n') {
                            afterCarriageReturn = c == '\r';
                            fieldStart = true;
                            b[out++] = '\n';
                        } else if (c == delim) {
                            fieldStart = true;
                            b[out++] = c;
                        } else {
                            inQuotes = c == '"' && fieldStart;
                            fieldStart = false;
                            b[out++] = c;
                        }
                    }
                    if (out > off) {
                        return out - off;
                    }
                }
            }

            @Override
            public long skip(long n) throws IOException {
                throw new UnsupportedOperationException("read the unified stream from its start");
            }
        };
    }
}
