package io.stockroom.ingest.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level UTF-8 checks and conversions, streamed over large buffers so a file of any size is read in bounded
 * memory. Bytes that are not valid UTF-8 are read as Windows-1252, the superset of Latin-1 that spreadsheet exports on
 * Windows use; its five undefined bytes fall back to the Latin-1 control character of the same value.
 */
final class Utf8 {

    static final int BUFFER = 1 << 20;

    /** Eight bytes of a buffer read as one number. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** UTF-8 bytes of each Windows-1252 byte value. */
    private static final byte[][] CP1252_AS_UTF8 = new byte[256][];

    static {
        CharsetDecoder decoder = Charset.forName("windows-1252")
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int b = 0; b < 256; b++) {
            char c;
            try {
                c = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b})).get();
            } catch (CharacterCodingException undefined) {
                c = (char) b;
            }
            CP1252_AS_UTF8[b] = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        }
    }

    private Utf8() {}

    /**
     * Length of the well-formed UTF-8 sequence starting at {@code i}: 1 to 4; 0 when the bytes are not UTF-8 (bad
     * lead, bad continuation, overlong form, surrogate, beyond U+10FFFF); -1 when {@code end} cuts a so far valid
     * sequence short.
     */
    static int sequenceLength(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                min = 0xA0;
            } else if (lead == 0xED) {
                max = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                min = 0x90;
            } else if (lead == 0xF4) {
                max = 0x8F;
            }
        } else {
            return 0;
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= end) {
                return -1;
            }
            int next = b[i + k] & 0xFF;
            if (k == 1 ? next < min || next > max : next < 0x80 || next > 0xBF) {
                return 0;
            }
        }
        return length;
    }

    /** Counts well-formed multi-byte sequences and bytes that are not UTF-8, chunk by chunk. */
    static final class Validator {
        long invalidBytes;
        long multiByteSequences;

        /** Checks {@code b[0, len)}; returns how many bytes it consumed (it keeps back a sequence cut by the chunk end). */
        int update(byte[] b, int len, boolean endOfInput) {
            int i = 0;
            while (i < len) {
                // eight ASCII bytes (high bits clear) at a time: most text is ASCII
                while (len - i >= 8 && ((long) WORDS.get(b, i) & 0x8080808080808080L) == 0) {
                    i += 8;
                }
                if (i >= len) {
                    break;
                }
                if (b[i] >= 0) {
                    i++;
                    continue;
                }
                int n = sequenceLength(b, i, len);
                if (n > 0) {
                    multiByteSequences++;
                    i += n;
                } else if (n == 0 || endOfInput) {
                    invalidBytes++;
                    i++;
                } else {
                    return i;
                }
            }
            return i;
        }
    }

    /** Copies {@code in} to {@code out} as UTF-8: valid UTF-8 sequences unchanged, any other byte read as Windows-1252. */
    static void transcodeLenient(InputStream in, OutputStream out) throws IOException {
        byte[] b = new byte[BUFFER];
        int carry = 0;
        while (true) {
            int read = in.read(b, carry, b.length - carry);
            boolean end = read < 0;
            int len = carry + Math.max(read, 0);
            int i = 0;
            int run = 0;
            while (i < len) {
                if (b[i] >= 0) {
                    i++;
                    continue;
                }
                int n = sequenceLength(b, i, len);
                if (n > 0) {
                    i += n;
                } else if (n == 0 || end) {
                    out.write(b, run, i - run);
                    out.write(CP1252_AS_UTF8[b[i] & 0xFF]);
                    run = ++i;
                } else {
                    break;
                }
            }
            out.write(b, run, i - run);
            carry = len - i;
            System.arraycopy(b, i, b, 0, carry);
            if (end) {
                return;
            }
        }
    }

    /** Decodes a chunk the lenient way, for looking at the start of a file. */
    static String decodeLenient(byte[] b, int from, int to) {
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream(to - from + 16);
        int i = from;
        while (i < to) {
            int n = b[i] >= 0 ? 1 : sequenceLength(b, i, to);
            if (n > 0) {
                utf8.write(b, i, n);
                i += n;
            } else if (n == 0) {
                utf8.writeBytes(CP1252_AS_UTF8[b[i] & 0xFF]);
                i++;
            } else {
                break; // a sequence cut by the end of the chunk: left out
            }
        }
        return utf8.toString(StandardCharsets.UTF_8);
    }

    /** Copies UTF-16 text to UTF-8; unpaired surrogates become U+FFFD. */
    static void transcode(InputStream in, Charset from, OutputStream out) throws IOException {
        CharsetDecoder decoder = from.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        Reader reader = new InputStreamReader(in, decoder);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        char[] chars = new char[BUFFER / 2];
        int n;
        while ((n = reader.read(chars)) >= 0) {
            writer.write(chars, 0, n);
        }
        writer.flush();
    }

    /** Decodes a chunk of UTF-16, for looking at the start of a file. */
    static String decode(byte[] b, int from, int to, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(to - from);
        decoder.decode(ByteBuffer.wrap(b, from, (to - from) & ~1), chars, true);
        chars.flip();
        return chars.toString();
    }
}
