package dev.layerlab.server.terminal;

import java.util.Arrays;

/**
 * The most recent output of a terminal as raw bytes, at most {@code capacity}, always starting at a
 * UTF-8 character boundary (a cut never leaves half a Hangul syllable at the front). Not thread-safe:
 * {@link Terminal} guards it.
 */
final class Scrollback {
    private final int capacity;
    private final byte[] buf;
    private int start;
    private int end;

    Scrollback(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("scrollback capacity too small: " + capacity);
        }
        this.capacity = capacity;
        this.buf = new byte[capacity * 2]; // room to append before compacting
    }

    void append(byte[] data, int offset, int length) {
        boolean cut = false;
        if (length >= capacity) {
            cut = true;
            offset += length - capacity;
            length = capacity;
            start = 0;
            end = 0;
        }
        if (end + length > buf.length) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        System.arraycopy(data, offset, buf, end, length);
        end += length;
        if (end - start > capacity) {
            start = end - capacity;
            cut = true;
        }
        // Never start inside a character: skip UTF-8 continuation bytes (10xxxxxx), at most three.
        for (int i = 0; cut && i < 3 && start < end && (buf[start] & 0xC0) == 0x80; i++) {
            start++;
        }
    }

    byte[] snapshot() {
        return Arrays.copyOfRange(buf, start, end);
    }

    int size() {
        return end - start;
    }
}
