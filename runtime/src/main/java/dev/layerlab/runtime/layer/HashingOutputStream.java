package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Hashes and counts what is written, so writeLayer knows its diffID without re-reading. */
final class HashingOutputStream extends FilterOutputStream {
    private final MessageDigest hasher = Digest.newHasher();
    private long count;

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hasher.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        hasher.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    Digest digest() {
        return Digest.fromHash(hasher.digest());
    }
}
