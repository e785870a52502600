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
    /**
     * Bit i: a value of the i-th field of some data record (header excluded) holds an underscore; bit 63 stands for
     * field 63 and beyond. DuckDB's typed read takes '_' for a digit separator (1_000), which the general parsers do
     * not, so the fast path leaves such a column's file to them ({@link DecodedFile#underscoreColumns()}).
     */
    long underscoreFields;

    /** Line breaks outside quoted values: CRLF, a bare LF, a CR (CRLF included). */
    long crlfBreaks;

    long lfBreaks;
    long crBreaks;

    private int field;
    /**
     * Records of {@link #MAX_RECORD_BYTES} or more: {start offset, end offset (line break excluded), first line}. The
     * engine cannot read them (it rejects a line over its maximum, and one longer than its read buffer it skips
     * without a word), so the decoder replaces each with a short stand-in and the checks quarantine it by line.
     */
    final java.util.List<long[]> longRecords = new java.util.ArrayList<>();

    private long recordStartLine = 1;

    /** The longest record the engine is asked to read (its max_line_size, set to the same value). */
    static final long MAX_RECORD_BYTES = 2_000_000;

    RecordScanner(char delimiter) {
        this.delimiter = (byte) delimiter;
    }

    void update(byte[] b, int off, int len) {
        // state in locals and tight inner loops: this runs over every byte of files of any size
        final byte delim = delimiter;
        final long base = position - off;
        boolean inQuotes = this.inQuotes;
        boolean quotePending = this.quotePending;
        boolean fieldStart = this.fieldStart;
        boolean content = this.content;
        boolean afterCarriageReturn = this.afterCarriageReturn;
        long line = this.line;
        int i = off;
        int end = off + len;
        while (i < end) {
            byte c = b[i];
            if (inQuotes) {
                if (quotePending) {
                    quotePending = false;
                    if (c == '"') {
                        i++; // a doubled quote: a literal quote, still inside
                    } else {
                        inQuotes = false; // the pending quote closed the value; c is read again as unquoted
                    }
                    continue;
                }
                while (i < end && (c = b[i]) != '"') {
                    if (c == '\n') {
                        line++;
                        quotedNewlines = true;
                    } else if (c == '\r') {
                        quotedNewlines = true;
                    } else if (c == '_') {
                        underscore();
                    }
                    i++;
                }
                if (i < end) {
                    quotePending = true;
                    i++;
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (c == '\n') {
                    line++;
                }
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false;
                    crlfBreaks++;
                } else {
                    this.position = base + i;
                    endRecord(content);
                    content = false;
                    afterCarriageReturn = c == '\r';
                    if (c == '\n') {
                        lfBreaks++;
                    } else {
                        crBreaks++;
                    }
                }
                recordStart = base + i + 1;
                recordStartLine = line;
                fieldStart = true;
                field = 0;
                i++;
                continue;
            }
            afterCarriageReturn = false;
            if (c == delim) {
                fieldStart = true;
                field++;
            } else if (c == '"' && fieldStart) {
                inQuotes = true;
                quoteOpenedOnLine = line;
                content = true;
                fieldStart = false;
            } else {
                fieldStart = false;
                if (!content && !blankByte(c)) {
                    content = true;
                }
                if (content) {
                    // the rest of an unquoted field: only a delimiter or a line break ends it
                    if (c == '_') {
                        underscore();
                    }
                    i++;
                    while (i < end && (c = b[i]) != delim && c != '\n' && c != '\r') {
                        if (c == '_') {
                            underscore();
                        }
                        i++;
                    }
                    continue;
                }
            }
            i++;
        }
        this.inQuotes = inQuotes;
        this.quotePending = quotePending;
        this.fieldStart = fieldStart;
        this.content = content;
        this.afterCarriageReturn = afterCarriageReturn;
        this.line = line;
        this.position = base + end;
    }

    /**
     * Lines end in more than one kind of line break (CRLF, LF, CR), as when rows exported on one system are appended
     * to a file from another. The engine takes one kind for the whole file and then refuses it or runs two rows into
     * one, so the decoder rewrites such a file with one kind ({@link LineBreaks}).
     */
    boolean mixedLineBreaks() {
        long bareCr = crBreaks - crlfBreaks;
        return (crlfBreaks > 0 ? 1 : 0) + (lfBreaks > 0 ? 1 : 0) + (bareCr > 0 ? 1 : 0) > 1;
    }

    /**
     * Whether the engine cannot read the file as sent and the decoder writes a readable copy: blank lines before the
     * header, records too long for the engine, or lines ending in mixed line breaks.
     */
    boolean needsReadableCopy() {
        return blankLinesBeforeHeader > 0 || !longRecords.isEmpty() || mixedLineBreaks();
    }

    /** The kinds of line break the lines end in, with their counts, for the feed's decoding note. */
    String lineBreakCounts() {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        if (crlfBreaks > 0) {
            kinds.add(String.format("%,d CRLF", crlfBreaks));
        }
        if (lfBreaks > 0) {
            kinds.add(String.format("%,d LF", lfBreaks));
        }
        if (crBreaks > crlfBreaks) {
            kinds.add(String.format("%,d CR", crBreaks - crlfBreaks));
        }
        return String.join(", ", kinds);
    }

    private void underscore() {
        if (records > 0) {
            underscoreFields |= 1L << Math.min(field, 63);
        }
    }

    /** Ends the last record; returns the line a quoted value opened on and never closed, or 0. */
    long finish() {
        if (inQuotes && !quotePending) {
            return quoteOpenedOnLine;
        }
        endRecord(content);
        content = false;
        return 0;
    }

    private void endRecord(boolean content) {
        if (position - recordStart >= MAX_RECORD_BYTES) {
            longRecords.add(new long[] {recordStart, position, recordStartLine});
        }
        if (content) {
            if (headerOffset < 0) {
                headerOffset = recordStart;
            }
            records++;
        } else if (headerOffset < 0) {
            blankLinesBeforeHeader++;
        }
    }

    /** Whitespace or a candidate delimiter: such bytes alone do not make a record. */
    static boolean blankByte(byte c) {
        return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '|' || c == '\f' || c == 0x0B;
    }
}
