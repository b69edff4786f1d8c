package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

import static dev.layerlab.runtime.layer.TarFields.*;

/** Turns a ustar header block plus any PAX / GNU long-name records before it into a {@link TarHeader}; PAX wins. */
final class TarHeaderDecoder {
    private TarHeaderDecoder() {
    }

    static TarHeader decode(byte[] block, char flag, long size, Map<String, byte[]> pax,
                             String longName, String longLink) {
        String name = firstNonNull(PaxRecords.string(pax, "path"), longName, ustarName(block));
        String link = firstNonNull(PaxRecords.string(pax, "linkpath"), longLink, string(block, LINKNAME, NAME_LEN));
        if (pax.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse")) || flag == 'S') {
            throw new InvalidArgumentException("layer entry \"" + name + "\": sparse files are not supported");
        }
        Map<String, byte[]> xattrs = new HashMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith(PaxRecords.XATTR_PREFIX)) {
                xattrs.put(k.substring(PaxRecords.XATTR_PREFIX.length()), v);
            }
        });
        long[] mtime = mtime(PaxRecords.string(pax, "mtime"), block);
        return new TarHeader(name, TarHeader.typeOf(flag, name), flag,
                paxNumber(pax, "size", size),
                (int) (number(block, MODE, ID_LEN, "mode") & 07777),
                paxNumber(pax, "uid", number(block, UID, ID_LEN, "uid")),
                paxNumber(pax, "gid", number(block, GID, ID_LEN, "gid")),
                mtime[0], (int) mtime[1], link, xattrs);
    }

    private static String ustarName(byte[] block) {
        String name = string(block, NAME, NAME_LEN);
        String prefix = isPosixUstar(block) ? string(block, PREFIX, PREFIX_LEN) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long paxNumber(Map<String, byte[]> pax, String key, long fallback) {
        String v = PaxRecords.string(pax, key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw corrupt("negative PAX " + key);
            }
            return n;
        } catch (NumberFormatException e) {
            throw corrupt("bad PAX " + key + " \"" + v + "\"");
        }
    }

    /** PAX mtime may be fractional (and, in principle, negative). */
    private static long[] mtime(String pax, byte[] block) {
        if (pax == null || pax.isEmpty()) {
            return new long[] {number(block, MTIME, NUM12_LEN, "mtime"), 0};
        }
        try {
            BigDecimal t = new BigDecimal(pax);
            BigDecimal seconds = t.setScale(0, RoundingMode.FLOOR);
            return new long[] {seconds.longValueExact(), t.subtract(seconds).movePointRight(9).intValue()};
        } catch (ArithmeticException | NumberFormatException e) {
            throw corrupt("bad PAX mtime \"" + pax + "\"");
        }
    }

    static String cString(byte[] data) {
        return string(data, 0, data.length);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
