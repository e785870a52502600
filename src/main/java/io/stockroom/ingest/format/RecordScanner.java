package io.stockroom.ingest.format;

/**
 * Walks the bytes of delimited text (UTF-8 or Windows-1252: the bytes that matter are ASCII in both) with RFC 4180
 * quoting and counts records without holding any of them. A quote opens a quoted value only at the start of a field,
 * a doubled quote inside is a literal quote, and line breaks inside quotes belong to the value. A record that holds
 * nothing but whitespace and delimiters is blank: the engine reads it as no row or a row of nulls, so it is not data.
 */
final class RecordScanner {

    private final byte delimiter;

    private boolean inQuotes;
    private boolean quotePending;
    private boolean fieldStart = true;
    private boolean content;
    private boolean afterCarriageReturn;

    private long position;
    private long recordStart;
    private long line = 1;
    private long quoteOpenedOnLine;

    /** Records with content. */
    long records;
    /** Blank records before the first record with content. */
    long blankLinesBeforeHeader;
    /** Byte offset where the first record with content (the header) starts. */
    long headerOffset = -1;
    /** Some quoted value holds a line break. */
    boolean quotedNewlines;

    RecordScanner(char delimiter) {
        this.delimiter = (byte) delimiter;
    }

    void update(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++, position++) {
            byte c = b[i];
            if (c == '\n') {
                line++;
            }
            if (inQuotes) {
                if (quotePending) {
                    quotePending = false;
                    if (c == '"') {
                        continue;
                    }
                    inQuotes = false; // the pending quote closed the value; c is read as unquoted below
                } else {
                    if (c == '"') {
                        quotePending = true;
                    } else if (c == '\n' || c == '\r') {
                        quotedNewlines = true;
                    }
                    continue;
                }
            }
            if (c == '\n' || c == '\r') {
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false;
                    recordStart = position + 1;
                    continue;
                }
                endRecord();
                afterCarriageReturn = c == '\r';
                recordStart = position + 1;
                fieldStart = true;
                continue;
            }
            afterCarriageReturn = false;
            if (c == '"' && fieldStart) {
                inQuotes = true;
                quoteOpenedOnLine = line;
                content = true;
                fieldStart = false;
            } else if (c == delimiter) {
                fieldStart = true;
            } else {
                fieldStart = false;
                if (!blankByte(c)) {
                    content = true;
                }
            }
        }
    }

    /** Ends the last record; returns the line a quoted value opened on and never closed, or 0. */
    long finish() {
        if (inQuotes && !quotePending) {
            return quoteOpenedOnLine;
        }
        endRecord();
        return 0;
    }

    private void endRecord() {
        if (content) {
            if (headerOffset < 0) {
                headerOffset = recordStart;
            }
            records++;
        } else if (headerOffset < 0) {
            blankLinesBeforeHeader++;
        }
        content = false;
    }

    /** Whitespace or a candidate delimiter: such bytes alone do not make a record. */
    static boolean blankByte(byte c) {
        return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '|' || c == '\f' || c == 0x0B;
    }
}
