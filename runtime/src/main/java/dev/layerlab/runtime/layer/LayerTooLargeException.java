package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.io.BoundedInputStream;

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
        return new BoundedInputStream(in, max, () -> new LayerTooLargeException(max));
    }
}
