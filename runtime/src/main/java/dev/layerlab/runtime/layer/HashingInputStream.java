package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts every byte that passes. Unlike DigestInputStream, skip() reads through the hash
 * too, so no byte can bypass the diffID.
 */
final class HashingInputStream extends FilterInputStream {
    private final MessageDigest hasher = Digest.newHasher();
    private long count;

    HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            hasher.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hasher.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int got = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (got < 0) {
                break;
            }
            skipped += got;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end (trailing zero blocks, padding) so the digest covers the whole stream. */
    void drain() throws IOException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) >= 0) {
            // only hashing
        }
    }

    long count() {
        return count;
    }

    Digest digest() {
        return Digest.fromHash(hasher.digest());
    }
}
