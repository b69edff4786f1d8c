package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static dev.layerlab.runtime.layer.TarFields.*;

/**
 * Streaming tar reader (ustar, GNU long names, PAX). Written here rather than taken from
 * commons-compress because that one decodes PAX values as UTF-8, which corrupts binary xattrs.
 * Lenient about a missing end-of-archive marker; strict about anything cut short inside an entry.
 */
final class TarReader {
    private static final int MAX_METADATA = 1 << 20;

    private final InputStream in;
    private long offset;
    private long dataLeft;
    private long paddingLeft;
    private String currentName = "";
    private boolean atEnd;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; skips whatever of the current entry was not read. */
    TarHeader next() throws IOException {
        if (atEnd) {
            return null;
        }
        discard(dataLeft + paddingLeft);
        dataLeft = paddingLeft = 0;
        Map<String, byte[]> pax = Map.of();
        String longName = null, longLink = null;
        while (true) {
            long headerOffset = offset;
            byte[] block = readBlock();
            if (block == null || isZeros(block)) {
                if (!pax.isEmpty() || longName != null || longLink != null) {
                    throw truncated("extended header at the end has no entry");
                }
                atEnd = true;
                return null;
            }
            try {
                if (!checksumMatches(block)) {
                    throw corrupt("header checksum mismatch");
                }
                char flag = (char) (block[TYPEFLAG] & 0xff);
                long size = number(block, SIZE, NUM12_LEN, "size");
                switch (flag) {
                    case 'x' -> pax = PaxRecords.parse(readMetadata(size));
                    case 'g' -> readMetadata(size); // global headers carry comments in practice; Docker ignores them too
                    case 'L' -> longName = TarHeaderDecoder.cString(readMetadata(size));
                    case 'K' -> longLink = TarHeaderDecoder.cString(readMetadata(size));
                    default -> {
                        return start(TarHeaderDecoder.decode(block, flag, size, pax, longName, longLink));
                    }
                }
            } catch (CorruptTarException e) {
                throw new CorruptTarException(e.getMessage() + " (header at byte " + headerOffset + ")", e);
            }
        }
    }

    /** The current entry's data; reading past it returns end of stream. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (dataLeft == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, dataLeft));
                if (n < 0) {
                    throw truncated("data of \"" + currentName + "\" ends early");
                }
                dataLeft -= n;
                offset += n;
                return n;
            }
        };
    }

    private TarHeader start(TarHeader h) {
        currentName = h.name();
        dataLeft = h.hasData() ? h.size() : 0;
        paddingLeft = (BLOCK - dataLeft % BLOCK) % BLOCK;
        return h;
    }

    private byte[] readMetadata(long size) throws IOException {
        if (size > MAX_METADATA) {
            throw corrupt("extended header of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        offset += data.length;
        if (data.length < size) {
            throw truncated("extended header ends early");
        }
        discard((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private byte[] readBlock() throws IOException {
        byte[] block = in.readNBytes(BLOCK);
        offset += block.length;
        if (block.length == 0) {
            return null;
        }
        if (block.length < BLOCK) {
            throw truncated("partial header at the end");
        }
        return block;
    }

    private void discard(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (got < 0) {
                throw truncated("data of \"" + currentName + "\" ends early");
            }
            n -= got;
            offset += got;
        }
    }

    private static boolean isZeros(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private InvalidArgumentException truncated(String what) {
        return new InvalidArgumentException("truncated layer tar: " + what + " (at byte " + offset + ")");
    }
}
