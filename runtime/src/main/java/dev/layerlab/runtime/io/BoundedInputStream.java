package dev.layerlab.runtime.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A stream that calls {@code exceeded} once more than {@code max} bytes have been read from it. */
public final class BoundedInputStream extends FilterInputStream {
    /** What to throw when the bound is passed. */
    public interface Exceeded {
        IOException exception();
    }

    private final long max;
    private final Exceeded exceeded;
    private long read;

    public BoundedInputStream(InputStream in, long max, Exceeded exceeded) {
        super(in);
        this.max = max;
        this.exceeded = exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > max) {
            throw exceeded.exception();
        }
    }
}
