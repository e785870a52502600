package io.stockroom.demo;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A fast CSV writer for generated files: fields go straight into a byte buffer (no String per row), text is
 * quoted only when it must be (RFC 4180). The file is written under a hidden temporary name and moved into
 * place on close, so a drop-folder scan never picks up half a file.
 */
final class CsvSink implements AutoCloseable {

    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private final Path target;
    private final Path partial;
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private boolean rowStarted;
    private long rows = -1; // the header is not a row
    private boolean closed;

    CsvSink(Path target) {
        this.target = target;
        this.partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            this.out = Files.newOutputStream(partial);
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    Path path() {
        return target;
    }

    /** Data rows written so far (the header excluded). */
    long rows() {
        return rows;
    }

    /** Line number (1-based, header = 1) of the row being written next. */
    long nextLine() {
        return rows + 2;
    }

    CsvSink header(String... columns) {
        for (String c : columns) {
            text(c);
        }
        return endRow();
    }

    /** Pre-encoded ASCII that needs no quoting (ids, dates). */
    CsvSink ascii(byte[] value) {
        separator();
        ensure(value.length);
        System.arraycopy(value, 0, buf, pos, value.length);
        pos += value.length;
        return this;
    }

    CsvSink text(String value) {
        separator();
        if (value == null || value.isEmpty()) {
            return this;
        }
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        String v = quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    CsvSink empty() {
        separator();
        return this;
    }

    CsvSink integer(long value) {
        separator();
        writeLong(value);
        return this;
    }

    /** A number with two decimals given in hundredths: 1234 → 12.34, -5 → -0.05. */
    CsvSink hundredths(long value) {
        separator();
        ensure(24);
        if (value < 0) {
            buf[pos++] = '-';
            value = -value;
        }
        writeLong(value / 100);
        int cents = (int) (value % 100);
        buf[pos++] = '.';
        buf[pos++] = DIGITS[cents / 10];
        buf[pos++] = DIGITS[cents % 10];
        return this;
    }

    CsvSink endRow() {
        ensure(1);
        buf[pos++] = '\n';
        rowStarted = false;
        rows++;
        return this;
    }

    private void separator() {
        if (rowStarted) {
            ensure(1);
            buf[pos++] = ',';
        }
        rowStarted = true;
    }

    private void writeLong(long value) {
        ensure(21);
        if (value < 0) {
            buf[pos++] = '-';
            value = -value;
        }
        if (value == 0) {
            buf[pos++] = '0';
            return;
        }
        int start = pos;
        while (value > 0) {
            buf[pos++] = DIGITS[(int) (value % 10)];
            value /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            flush();
            if (n > buf.length) {
                throw new IllegalArgumentException("field longer than the buffer: " + n);
            }
        }
    }

    private void flush() {
        try {
            out.write(buf, 0, pos);
            pos = 0;
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        try {
            out.close();
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
    }

    private static StockroomException cannotWrite(Path file, IOException e) {
        return new StockroomException(
                ErrorCode.INTERNAL,
                "Cannot write " + file + ": " + e.getMessage()
                        + ". Check that the folder is writable and the disk has space, or choose another --out.",
                new UncheckedIOException(e));
    }
}
