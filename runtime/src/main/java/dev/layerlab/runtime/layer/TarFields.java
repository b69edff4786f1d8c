package dev.layerlab.runtime.layer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encoding of the fixed fields of a 512-byte ustar header block. */
final class TarFields {
    static final int BLOCK = 512;
    static final int NAME = 0, NAME_LEN = 100;
    static final int MODE = 100, UID = 108, GID = 116, ID_LEN = 8;
    static final int SIZE = 124, MTIME = 136, NUM12_LEN = 12;
    static final int CHECKSUM = 148, CHECKSUM_LEN = 8;
    static final int TYPEFLAG = 156;
    static final int LINKNAME = 157;
    static final int MAGIC = 257;
    static final int PREFIX = 345, PREFIX_LEN = 155;

    /** Largest value an octal field of {@code len} bytes holds with its terminating NUL. */
    static long maxOctal(int len) {
        return (1L << (3 * (len - 1))) - 1;
    }

    private TarFields() {
    }

    static long number(byte[] block, int off, int len, String field) {
        if ((block[off] & 0x80) != 0) {
            // GNU base-256: high bit set, big-endian two's complement in the remaining bits.
            if ((block[off] & 0x40) != 0) {
                throw corrupt("negative " + field);
            }
            long v = block[off] & 0x3f;
            for (int i = off + 1; i < off + len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) {
                    throw corrupt(field + " too large");
                }
                v = (v << 8) | (block[i] & 0xff);
            }
            return v;
        }
        int i = off, end = off + len;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        long v = 0;
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            if (block[i] < '0' || block[i] > '7' || v > (Long.MAX_VALUE >>> 3)) {
                throw corrupt("bad " + field + " field");
            }
            v = (v << 3) | (block[i] - '0');
        }
        for (; i < end; i++) {
            if (block[i] != ' ' && block[i] != 0) {
                throw corrupt("bad " + field + " field");
            }
        }
        return v;
    }

    static void putOctal(byte[] block, int off, int len, long value) {
        String digits = Long.toOctalString(value);
        if (value < 0 || digits.length() > len - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a " + len + "-byte field");
        }
        Arrays.fill(block, off, off + len - 1 - digits.length(), (byte) '0');
        byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(d, 0, block, off + len - 1 - d.length, d.length);
        block[off + len - 1] = 0;
    }

    /** NUL-terminated string of at most {@code len} bytes. */
    static String string(byte[] block, int off, int len) {
        int end = off;
        while (end < off + len && block[end] != 0) {
            end++;
        }
        return new String(block, off, end - off, StandardCharsets.UTF_8);
    }

    /** Writes up to {@code len} bytes; the caller decides whether truncation needs a PAX record. */
    static void putString(byte[] block, int off, int len, byte[] value) {
        System.arraycopy(value, 0, block, off, Math.min(len, value.length));
    }

    /** Sum of the header bytes with the checksum field counted as spaces. */
    static long checksum(byte[] block) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= CHECKSUM && i < CHECKSUM + CHECKSUM_LEN) ? ' ' : (block[i] & 0xff);
        }
        return sum;
    }

    /** Some old tars summed signed bytes; accept either, as GNU tar and Go do. */
    static boolean checksumMatches(byte[] block) {
        long stored = number(block, CHECKSUM, CHECKSUM_LEN, "checksum");
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            signed += (i >= CHECKSUM && i < CHECKSUM + CHECKSUM_LEN) ? ' ' : block[i];
        }
        return stored == checksum(block) || stored == signed;
    }

    static void putChecksum(byte[] block) {
        long sum = checksum(block);
        putOctal(block, CHECKSUM, CHECKSUM_LEN - 1, sum);
        block[CHECKSUM + CHECKSUM_LEN - 1] = ' ';
    }

    static boolean isPosixUstar(byte[] block) {
        return block[MAGIC] == 'u' && block[MAGIC + 1] == 's' && block[MAGIC + 2] == 't'
                && block[MAGIC + 3] == 'a' && block[MAGIC + 4] == 'r' && block[MAGIC + 5] == 0;
    }

    static CorruptTarException corrupt(String what) {
        return new CorruptTarException(what);
    }
}
