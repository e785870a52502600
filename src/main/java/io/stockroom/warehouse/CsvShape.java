package io.stockroom.warehouse;

/**
 * Follows a delimited text file byte by byte as it streams to PostgreSQL's own CSV reader ({@code COPY ... WITH
 * (FORMAT csv, HEADER)}) and says when the file leaves the shape on which that reader and the Java reader of the
 * general staging agree record for record and value for value: every record (the header included) has exactly
 * {@code width} fields; a quote opens only a field and closes it only before a delimiter, a line end or the end of
 * the file ({@code ""} inside quotes is one quote); lines end all in LF or all in CRLF; no blank line, no NUL byte,
 * no line starting with {@code \.} (COPY's end-of-data marker), no quote left open. Anything else — a ragged or
 * blank line, loose quoting — is what the Java reader sets aside with its line number or reads its own way, so
 * the caller gives the file to it instead.
 *
 * <p>Columns given a {@link Plain} form are screened as well: every value must be empty or unquoted in that one form,
 * which PostgreSQL's own input for the column's type reads exactly as the fast path's {@code sr_read_date} and
 * {@code sr_read_decimal} (functions.sql) read it. Then the server can type those columns while it copies, with no
 * screen in SQL; any other value leaves the shape, and the caller stages the file as text and screens it there.
 *
 * <p>Given key columns, it also keeps a 64-bit hash of each record's key values (as the server stores them: the text
 * inside the quotes, {@code ""} as one quote), so that {@link #keysDistinct()} can prove no key repeats without the
 * server grouping every key: equal keys always hash alike, so distinct hashes prove distinct keys; equal hashes prove
 * nothing, and then the server decides.
 *
 * <p>It also marks where each data record starts in the bytes it was given ({@link #recordStart}), so that the
 * caller can put values of its own in front of every record on its way to the server (the load number and feed of
 * a copy straight into a fact table).
 */
final class CsvShape {

    /**
     * The one plain form a typed column's values are screened for: a date, or a number of at most
     * {@code integerDigits} digits before its point and {@code fractionDigits} after it (no point where 0).
     */
    record Plain(Form form, int integerDigits, int fractionDigits) {
        /** YYYY-MM-DD in digits. */
        static final Plain DATE = new Plain(Form.DATE, 0, 0);
        /** Digits with at most a leading '-' and one '.', and at least one digit. */
        static final Plain DECIMAL = new Plain(Form.DECIMAL, Integer.MAX_VALUE, Integer.MAX_VALUE);

        /** A number within the given digits: one that every numeric type at least that wide reads exactly. */
        static Plain number(int integerDigits, int fractionDigits) {
            return new Plain(Form.DECIMAL, integerDigits, fractionDigits);
        }
    }

    enum Form {
        DATE,
        DECIMAL
    }

    private static final byte QUOTE = '"';

    private final byte delimiter;
    private final int width;
    /** Per column, its plain form, or null where any text goes. */
    private final Plain[] plain;

    /** Bytes of the current unquoted value, and for a decimal whether it had a digit and a '.' so far. */
    private int valueBytes;

    private int valueIntegerDigits;
    private int valueFractionDigits;

    private boolean valueDigit;
    private boolean valueDot;

    /** Per column, whether it is part of the key whose repetition {@link #keysDistinct()} rules out. */
    private final boolean[] key;

    private final boolean hashesKeys;
    private long[] keyHashes = new long[0];
    private int keyCount;
    /** More records than the hashes are kept for: no proof. */
    private boolean tooManyKeys;

    private long recordHash = FNV_OFFSET;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** 512 MB of hashes at most. */
    private static final int MAX_KEYS = 1 << 26;

    private boolean inQuotes;
    /** Just saw a quote inside a quoted field: it closes the field unless another quote follows (an escaped one). */
    private boolean quoteInQuotes;

    private boolean fieldStart = true;
    private boolean lineStart = true;
    private boolean afterBackslashAtLineStart;
    private boolean afterCr;
    private int fields = 1;
    private boolean recordEmpty = true;
    /** 0 until the first line end: then '\n' or '\r' (CRLF). */
    private byte lineEnd;

    private boolean headerSeen;
    private long records;

    /** A record (the header included) just ended: the next byte starts a data record. */
    private boolean recordPending;
    /** Where data records start in the bytes of the last {@link #accept}. */
    private int[] recordStarts = new int[64];

    private int recordStartCount;
    private String problem;

    CsvShape(char delimiter, int width) {
        this(delimiter, width, new Plain[width], new boolean[width]);
    }

    /**
     * @param plain per column (file order), its plain form, or null where any text goes
     * @param key per column (file order), whether it is part of the key {@link #keysDistinct()} proves unique
     */
    CsvShape(char delimiter, int width, Plain[] plain, boolean[] key) {
        if (delimiter > 0x7f) {
            throw new IllegalArgumentException("the delimiter must be one ASCII character: " + delimiter);
        }
        if (plain.length != width) {
            throw new IllegalArgumentException(
                    "one plain form (or null) per column: " + plain.length + " for " + width);
        }
        this.delimiter = (byte) delimiter;
        this.width = width;
        this.plain = plain.clone();
        if (key.length != width) {
            throw new IllegalArgumentException("one key flag per column: " + key.length + " for " + width);
        }
        this.key = key.clone();
        boolean any = false;
        for (boolean k : key) {
            any |= k;
        }
        this.hashesKeys = any;
    }

    /**
     * After a successful {@link #finish()}: true when no two data records have the same key values (their hashes all
     * differ); false when two hash alike (a repeated key, or two keys that happen to hash alike), when there are
     * more records than the hashes are kept for, or when no key column was given.
     */
    boolean keysDistinct() {
        if (!hashesKeys || tooManyKeys || problem != null) {
            return false;
        }
        long[] sorted = java.util.Arrays.copyOf(keyHashes, keyCount);
        keyHashes = new long[0];
        java.util.Arrays.parallelSort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /** Follows the next bytes of the file; false (with {@link #problem()}) as soon as it leaves the shape. */
    boolean accept(byte[] bytes, int length) {
        recordStartCount = 0;
        for (int i = 0; i < length && problem == null; i++) {
            if (recordPending) {
                recordPending = false;
                if (recordStartCount == recordStarts.length) {
                    recordStarts = java.util.Arrays.copyOf(recordStarts, recordStartCount * 2);
                }
                recordStarts[recordStartCount++] = i;
            }
            step(bytes[i]);
        }
        return problem == null;
    }

    /**
     * After an {@link #accept} that kept the shape: how many data records start in its bytes (a record whose line end
     * was the last byte starts in the next ones, and one after the file's final line end never starts).
     */
    int recordStarts() {
        return recordStartCount;
    }

    /** The offset in the last accepted bytes where its {@code i}-th data record starts. */
    int recordStart(int i) {
        return recordStarts[i];
    }

    /** Called after the last byte; false when the file ends inside quotes. */
    boolean finish() {
        if (problem == null) {
            if (inQuotes && !quoteInQuotes) {
                problem = "a quote is never closed";
            } else if (afterCr) {
                problem = "a line ends in a lone carriage return";
            } else if (!recordEmpty || fields > 1 || quoteInQuotes) {
                endValue();
                if (problem == null) {
                    endRecord();
                }
            }
        }
        return problem == null;
    }

    /** The data records seen (the header not counted); exact after a successful {@link #finish()}. */
    long records() {
        return records;
    }

    /** Why the file left the shape, or null. */
    String problem() {
        return problem;
    }

    private void step(byte b) {
        if (b == 0) {
            problem = "a NUL byte";
            return;
        }
        if (afterCr) {
            afterCr = false;
            if (b != '\n') {
                problem = "a line ends in a lone carriage return";
                return;
            }
            lineEnded('\r');
            return;
        }
        if (afterBackslashAtLineStart) {
            afterBackslashAtLineStart = false;
            if (b == '.') {
                problem = "a line starts with \\.";
                return;
            }
        }
        if (lineStart && b == '\\') {
            afterBackslashAtLineStart = true;
        }
        lineStart = false;
        if (inQuotes) {
            if (quoteInQuotes) {
                quoteInQuotes = false;
                if (b == QUOTE) {
                    hashKeyByte(b);
                    return; // "" is one quote
                }
                inQuotes = false; // the quote closed the field: a delimiter or a line end must follow
                if (b != delimiter && b != '\n' && b != '\r') {
                    problem = "a character after a closing quote";
                    return;
                }
            } else {
                if (b == QUOTE) {
                    quoteInQuotes = true;
                    return;
                }
                if (b == '\n' || b == '\r') {
                    lineStart = true;
                }
                hashKeyByte(b);
                return;
            }
        }
        if (b == delimiter) {
            endValue();
            fields++;
            fieldStart = true;
            recordEmpty = false;
        } else if (b == '\n') {
            lineEnded('\n');
        } else if (b == '\r') {
            afterCr = true;
        } else if (b == QUOTE) {
            if (!fieldStart) {
                problem = "a quote inside an unquoted value";
                return;
            }
            if (screened() != null) {
                problem = "a quoted value in column " + fields + ", which is screened for its plain form";
                return;
            }
            inQuotes = true;
            fieldStart = false;
            recordEmpty = false;
        } else {
            fieldStart = false;
            recordEmpty = false;
            Plain form = screened();
            if (form != null) {
                screen(form, b);
            }
            hashKeyByte(b);
        }
    }

    /** A byte of the current value as the server stores it: into the record's key hash when the column is a key's. */
    private void hashKeyByte(byte b) {
        if (hashesKeys && headerSeen && fields <= width && key[fields - 1]) {
            recordHash = (recordHash ^ (b & 0xff)) * FNV_PRIME;
        }
    }

    /** The plain form the current value is screened for: null in the header, beyond the width, or where none is set. */
    private Plain screened() {
        return headerSeen && fields <= width ? plain[fields - 1] : null;
    }

    private void screen(Plain form, byte b) {
        boolean digit = b >= '0' && b <= '9';
        if (digit) {
            if (valueDot) {
                valueFractionDigits++;
            } else {
                valueIntegerDigits++;
            }
        }
        boolean fits = switch (form.form()) {
            case DATE -> valueBytes < 10 && (valueBytes == 4 || valueBytes == 7 ? b == '-' : digit);
            case DECIMAL ->
                (digit || b == '-' && valueBytes == 0 || b == '.' && !valueDot && form.fractionDigits() > 0)
                        && valueIntegerDigits <= form.integerDigits()
                        && valueFractionDigits <= form.fractionDigits();
        };
        valueDigit |= digit;
        valueDot |= b == '.';
        valueBytes++;
        if (!fits) {
            problem = "a value in column " + fields + " is not in its plain form";
        }
    }

    /** The end of a value: a screened one is empty (NULL) or whole in its form. */
    private void endValue() {
        if (hashesKeys && headerSeen && fields <= width && key[fields - 1]) {
            // 0xFF never occurs in UTF-8: it ends the value, so ("ab", "c") and ("a", "bc") hash apart
            recordHash = (recordHash ^ 0xff) * FNV_PRIME;
        }
        Plain form = screened();
        if (form != null && valueBytes > 0) {
            boolean whole = switch (form.form()) {
                case DATE -> valueBytes == 10;
                case DECIMAL -> valueDigit;
            };
            if (!whole) {
                problem = "a value in column " + fields + " is not in its plain form";
            }
        }
        valueBytes = 0;
        valueDigit = false;
        valueDot = false;
        valueIntegerDigits = 0;
        valueFractionDigits = 0;
    }

    private void lineEnded(char style) {
        if (lineEnd == 0) {
            lineEnd = (byte) style;
        } else if (lineEnd != style) {
            problem = "lines end both in LF and in CRLF";
            return;
        }
        if (recordEmpty && fields == 1) {
            problem = "a blank line";
            return;
        }
        endValue();
        if (problem != null) {
            return;
        }
        endRecord();
        lineStart = true;
    }

    private void endRecord() {
        if (fields != width) {
            problem = (headerSeen ? "a record has " : "the header has ") + fields + " fields instead of " + width;
            return;
        }
        if (headerSeen) {
            records++;
            if (hashesKeys) {
                keepKeyHash();
            }
        }
        headerSeen = true;
        fields = 1;
        fieldStart = true;
        recordEmpty = true;
        recordPending = true;
    }

    private void keepKeyHash() {
        long h = recordHash;
        recordHash = FNV_OFFSET;
        if (tooManyKeys) {
            return;
        }
        if (keyCount == MAX_KEYS) {
            tooManyKeys = true;
            keyHashes = new long[0];
            return;
        }
        if (keyCount == keyHashes.length) {
            keyHashes = java.util.Arrays.copyOf(keyHashes, Math.min(MAX_KEYS, Math.max(1024, keyCount * 2)));
        }
        keyHashes[keyCount++] = h;
    }
}
