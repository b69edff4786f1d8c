package dev.layerlab.runtime.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * PAX extended header records, {@code "<len> <key>=<value>\n"}. Values stay raw bytes: the spec says
 * UTF-8, but SCHILY.xattr values (security.capability) are binary and must survive byte for byte.
 */
final class PaxRecords {
    static final String XATTR_PREFIX = "SCHILY.xattr.";

    private PaxRecords() {
    }

    static Map<String, byte[]> parse(byte[] data) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break; // some writers pad the record block with NULs
            }
            int space = indexOf(data, (byte) ' ', pos);
            int length = parseLength(data, pos, space);
            int end = pos + length;
            if (end > data.length || data[end - 1] != '\n') {
                throw TarFields.corrupt("PAX record overruns its header");
            }
            int eq = indexOf(data, (byte) '=', space + 1);
            if (eq < 0 || eq >= end) {
                throw TarFields.corrupt("PAX record without '='");
            }
            String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
            records.put(key, Arrays.copyOfRange(data, eq + 1, end - 1));
            pos = end;
        }
        return records;
    }

    private static int parseLength(byte[] data, int from, int space) {
        if (space <= from || space - from > 9) {
            throw TarFields.corrupt("bad PAX record length");
        }
        int length = 0;
        for (int i = from; i < space; i++) {
            if (data[i] < '0' || data[i] > '9') {
                throw TarFields.corrupt("bad PAX record length");
            }
            length = length * 10 + (data[i] - '0');
        }
        if (length <= space - from + 1) {
            throw TarFields.corrupt("bad PAX record length");
        }
        return length;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String string(Map<String, byte[]> records, String key) {
        byte[] v = records.get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Sorted input gives byte-identical output, which reproducible layers need. */
    static byte[] format(SortedMap<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach((key, value) -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int body = 1 + k.length + 1 + value.length + 1; // " key=value\n"
            // The length field counts its own digits; one extra digit can carry over, hence the loop.
            int length = body + 1;
            while (length != body + Integer.toString(length).length()) {
                length = body + Integer.toString(length).length();
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(k);
            out.write('=');
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }
}
