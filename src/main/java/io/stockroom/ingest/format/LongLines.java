package io.stockroom.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lines too long for the engine. Each is replaced, in the copy the engine reads, by a one-line stand-in with one field
 * more than the header, which the engine rejects with its line number like any ragged line; the checks then
 * quarantine it as {@code LINE_TOO_LONG}. Nothing else in the file moves, so every other line keeps its number.
 */
final class LongLines {

    /** What the stand-in line starts with; the quarantine recognises it. */
    static final String STAND_IN = "LINE_TOO_LONG";

    private LongLines() {}

    static byte[] standIn(char delimiter, int columns) {
        // the extra field must not be empty: the engine tolerates surplus empty fields (a trailing delimiter)
        return (STAND_IN + String.valueOf(delimiter).repeat(Math.max(1, columns)) + STAND_IN)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code in} with each range {start, end} (offsets where {@code in}'s first byte is at {@code base}) replaced by
     * {@code standIn}. Ranges are in file order and do not overlap.
     */
    static InputStream replacing(InputStream in, long base, List<long[]> ranges, byte[] standIn) {
        return new BlockFilter(in) {
            private long position = base;
            private int next;
            private int standInLeft = -1;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    if (standInLeft > 0) {
                        int n = Math.min(len, standInLeft);
                        System.arraycopy(standIn, standIn.length - standInLeft, b, off, n);
                        standInLeft -= n;
                        return n;
                    }
                    if (next < ranges.size() && position >= ranges.get(next)[0]) {
                        long[] range = ranges.get(next);
                        if (standInLeft < 0) {
                            standInLeft = standIn.length;
                            continue;
                        }
                        long skip = range[1] - position;
                        if (skip > 0) {
                            long skipped = in.skip(skip);
                            if (skipped <= 0) {
                                if (in.read() < 0) {
                                    return -1;
                                }
                                skipped = 1;
                            }
                            position += skipped;
                            continue;
                        }
                        next++;
                        standInLeft = -1;
                        continue;
                    }
                    long room = next < ranges.size() ? ranges.get(next)[0] - position : Long.MAX_VALUE;
                    int n = in.read(b, off, (int) Math.min(len, room));
                    if (n > 0) {
                        position += n;
                    }
                    return n;
                }
            }
        };
    }
}
