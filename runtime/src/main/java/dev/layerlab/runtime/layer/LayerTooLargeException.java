package dev.layerlab.runtime.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A layer whose uncompressed tar is larger than the caller allows: found while reading it, before
 * anything of it is written, so a small compressed blob cannot fill the disk when it is unpacked.
 */
public final class LayerTooLargeException extends IOException {
    LayerTooLargeException(long maxTarBytes) {
        super("the layer unpacks to more than " + maxTarBytes + " bytes");
    }

    /** {@code in}, failing once more than {@code max} bytes are read from it. */
    static InputStream bounded(InputStream in, long max) {
        if (max == Long.MAX_VALUE) {
            return in;
        }
        return new FilterInputStream(in) {
            private long read;

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

            private void count(long n) throws LayerTooLargeException {
                read += n;
                if (read > max) {
                    throw new LayerTooLargeException(max);
                }
            }
        };
    }
}
