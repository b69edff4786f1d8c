package dev.layerlab.runtime.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.layerlab.runtime.layer.TarFields.*;

/**
 * Writes ustar headers, adding a PAX header only when a field does not fit (long or non-ASCII names,
 * huge ids or sizes) or xattrs must travel. No user/group names, no atime/ctime: the output depends
 * only on what is archived, which keeps diffIDs reproducible. Times are whole seconds, as in Docker.
 */
final class TarWriter {
    private static final byte[] ZEROS = new byte[BLOCK];
    /** POSIX magic plus version "00"; GNU's "ustar  " variant would disable the prefix field for readers. */
    private static final byte[] USTAR_MAGIC = {'u', 's', 't', 'a', 'r', 0, '0', '0'};

    private final OutputStream out;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code content} must supply {@code h.size()} bytes for a regular file and is ignored otherwise. */
    void write(TarHeader h, InputStream content) throws IOException {
        long size = h.type() == TarHeader.Type.FILE ? h.size() : 0;
        byte[] name = h.name().getBytes(StandardCharsets.UTF_8);
        byte[] link = h.linkName().getBytes(StandardCharsets.UTF_8);
        SortedMap<String, byte[]> pax = new TreeMap<>();
        if (name.length > NAME_LEN || !isAscii(name)) {
            pax.put("path", name);
        }
        if (link.length > NAME_LEN || !isAscii(link)) {
            pax.put("linkpath", link);
        }
        long uid = fitOrPax(pax, "uid", h.uid(), ID_LEN);
        long gid = fitOrPax(pax, "gid", h.gid(), ID_LEN);
        long sizeField = fitOrPax(pax, "size", size, NUM12_LEN);
        long mtime = fitOrPax(pax, "mtime", h.mtimeSeconds(), NUM12_LEN);
        h.xattrs().forEach((k, v) -> pax.put(PaxRecords.XATTR_PREFIX + k, v));
        if (!pax.isEmpty()) {
            byte[] records = PaxRecords.format(pax);
            String paxName = "PaxHeaders/" + EntryNames.base(h.name().replaceAll("/+$", ""));
            writeBlock(header(paxName.getBytes(StandardCharsets.UTF_8), 'x', 0644, 0, 0, records.length, 0, new byte[0]));
            out.write(records);
            pad(records.length);
        }
        writeBlock(header(name, flag(h.type()), h.mode() & 07777, uid, gid, sizeField, mtime, link));
        if (size > 0) {
            copy(content, size, h.name());
            pad(size);
        }
    }

    /** The end-of-archive marker: two zero blocks. */
    void finish() throws IOException {
        out.write(ZEROS);
        out.write(ZEROS);
        out.flush();
    }

    private static long fitOrPax(SortedMap<String, byte[]> pax, String key, long value, int fieldLen) {
        if (value >= 0 && value <= maxOctal(fieldLen)) {
            return value;
        }
        pax.put(key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        return 0;
    }

    private static byte[] header(byte[] name, char flag, int mode, long uid, long gid, long size, long mtime,
                                 byte[] link) {
        byte[] b = new byte[BLOCK];
        putString(b, NAME, NAME_LEN, name);
        putOctal(b, MODE, ID_LEN, mode);
        putOctal(b, UID, ID_LEN, uid);
        putOctal(b, GID, ID_LEN, gid);
        putOctal(b, SIZE, NUM12_LEN, size);
        putOctal(b, MTIME, NUM12_LEN, mtime);
        b[TYPEFLAG] = (byte) flag;
        putString(b, LINKNAME, NAME_LEN, link);
        putString(b, MAGIC, USTAR_MAGIC.length, USTAR_MAGIC);
        putChecksum(b);
        return b;
    }

    private static char flag(TarHeader.Type type) {
        return switch (type) {
            case FILE -> '0';
            case HARDLINK -> '1';
            case SYMLINK -> '2';
            case DIRECTORY -> '5';
            case FIFO -> '6';
            default -> throw new IllegalArgumentException("not written to layers: " + type);
        };
    }

    private void copy(InputStream content, long size, String name) throws IOException {
        byte[] buf = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException(name + " shrank while it was being archived");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private void pad(long written) throws IOException {
        int rest = (int) ((BLOCK - written % BLOCK) % BLOCK);
        out.write(ZEROS, 0, rest);
    }

    private void writeBlock(byte[] block) throws IOException {
        out.write(block);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
