package io.stockroom.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first megabyte of a text file (after gunzip): its encoding, judged from a byte-order mark or the NUL pattern
 * of UTF-16, and the text itself, enough to sniff the delimiter and read the header.
 *
 * @param bytes    the first bytes, byte-order mark included
 * @param complete the whole file fits in {@code bytes}
 * @param charset  UTF-8 (also for Windows-1252, which is decided on the whole file), UTF-16LE or UTF-16BE
 * @param bom      length of the byte-order mark, 0 when none
 * @param text     the decoded text after the byte-order mark, cut at a character boundary
 */
record Head(byte[] bytes, boolean complete, Charset charset, int bom, String text) {

    static final int LIMIT = 1 << 20;
    private static final int BINARY_WINDOW = 64 * 1024;

    static Head read(Source source) throws IOException {
        byte[] bytes;
        try (InputStream in = source.open()) {
            bytes = in.readNBytes(LIMIT + 1);
        }
        boolean complete = bytes.length <= LIMIT;
        if (!complete) {
            bytes = Arrays.copyOf(bytes, LIMIT);
        }
        Charset charset = StandardCharsets.UTF_8;
        int bom = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            bom = 3;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else {
            charset = utf16WithoutBom(bytes);
        }
        String text = charset.equals(StandardCharsets.UTF_8)
                ? Utf8.decodeLenient(bytes, bom, bytes.length)
                : Utf8.decode(bytes, bom, bytes.length, charset);
        return new Head(bytes, complete, charset, bom, text);
    }

    boolean utf16() {
        return !charset.equals(StandardCharsets.UTF_8);
    }

    /**
     * Binary content: a NUL, or more than 10% control characters other than tab, line feed, carriage return and form
     * feed, in the first 64 KiB of text.
     */
    boolean looksBinary() {
        int n = Math.min(text.length(), BINARY_WINDOW);
        int control = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return true;
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
                control++;
            }
        }
        return n > 0 && control * 10L > n;
    }

    /** Only whitespace, and nothing after it. */
    boolean blank() {
        return complete && text.isBlank();
    }

    /** The first character that is not whitespace, or 0. */
    char firstSignificant() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c;
            }
        }
        return 0;
    }

    /** UTF-16 exported without a byte-order mark shows as ASCII with every other byte NUL. */
    private static Charset utf16WithoutBom(byte[] bytes) {
        int pairs = Math.min(bytes.length, BINARY_WINDOW) / 2;
        if (pairs < 4) {
            return StandardCharsets.UTF_8;
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i < pairs; i++) {
            if (bytes[2 * i] == 0) {
                evenNul++;
            }
            if (bytes[2 * i + 1] == 0) {
                oddNul++;
            }
        }
        if (oddNul * 10L >= pairs * 9L && evenNul * 20L < pairs) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenNul * 10L >= pairs * 9L && oddNul * 20L < pairs) {
            return StandardCharsets.UTF_16BE;
        }
        return StandardCharsets.UTF_8;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
