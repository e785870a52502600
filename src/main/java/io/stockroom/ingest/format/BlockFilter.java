package io.stockroom.ingest.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that rewrites its source block by block ({@link #read(byte[], int, int)}); a single-byte read is a block of
 * one, so the two never disagree.
 */
abstract class BlockFilter extends FilterInputStream {

    BlockFilter(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
