package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The tar dialects found in real images, read by our own reader; and our writer read by commons-compress. */
class LayerTarFormatTest {
    static final String LONG = "usr/share/" + "very-long-directory-name/".repeat(6) + "file.txt";

    @TempDir
    Path tmp;

    @Test
    void gnuLongNamesAndBase256NumbersAreRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry f = new TarArchiveEntry(LONG);
            f.setSize(2);
            f.setUserId(3_000_000); // beyond the 7 octal digits of ustar
            tar.putArchiveEntry(f);
            tar.write("hi".getBytes(StandardCharsets.US_ASCII));
            tar.closeArchiveEntry();
            TarArchiveEntry l = new TarArchiveEntry(LONG + ".link", TarConstants.LF_SYMLINK);
            l.setLinkName("/" + LONG);
            tar.putArchiveEntry(l);
            tar.closeArchiveEntry();
        }
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(TarBuilder.write(tmp.resolve("l.tar"), bytes.toByteArray(), Compression.NONE), diff);
        assertEquals("hi", Files.readString(diff.resolve(LONG)));
        assertEquals(3_000_000, FileStat.of(diff.resolve(LONG)).uid());
        assertEquals(Path.of("/" + LONG), Files.readSymbolicLink(diff.resolve(LONG + ".link")));
    }

    @Test
    void ustarPrefixFieldIsJoinedToTheName() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(out);
        writer.write(new TarHeader("name-part", TarHeader.Type.FILE, '0', 1, 0644, 0, 0, 0, 0, "", Map.of()),
                new ByteArrayInputStream(new byte[] {'x'}));
        writer.finish();
        byte[] tar = out.toByteArray();
        byte[] prefix = "prefix/dir".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, tar, TarFields.PREFIX, prefix.length);
        TarFields.putChecksum(tar);
        TarHeader h = new TarReader(new ByteArrayInputStream(tar)).next();
        assertEquals("prefix/dir/name-part", h.name());
    }

    @Test
    void paxMtimeMayBeFractionalOrNegative() {
        byte[] block = new byte[TarFields.BLOCK];
        TarHeader h = TarHeaderDecoder.decode(block, '0', 0, Map.of("mtime", bytes("1700000000.25")), null, null);
        assertEquals(1700000000L, h.mtimeSeconds());
        assertEquals(250_000_000, h.mtimeNanos());
        TarHeader old = TarHeaderDecoder.decode(block, '0', 0, Map.of("mtime", bytes("-1.5")), null, null);
        assertEquals(-2, old.mtimeSeconds());
        assertEquals(500_000_000, old.mtimeNanos());
    }

    @Test
    void paxRecordLengthsCountTheirOwnDigits() {
        TreeMap<String, byte[]> records = new TreeMap<>();
        // " a=xxxxx\n" is 9 bytes: with one digit it would be 10, which needs two: 11.
        records.put("a", bytes("x".repeat(5)));
        // 98 bytes before the length: 100 needs three digits, so 101.
        records.put("b", bytes("y".repeat(94)));
        assertEquals("11 a=xxxxx\n101 b=" + "y".repeat(94) + "\n",
                new String(PaxRecords.format(records), StandardCharsets.US_ASCII));
    }

    @Test
    void paxValuesRoundTripAsRawBytes() {
        TreeMap<String, byte[]> records = new TreeMap<>();
        records.put("SCHILY.xattr.security.capability", new byte[] {0, (byte) 0x80, (byte) 0xff, '\n', '='});
        records.put("path", bytes("caf\u00e9"));
        Map<String, byte[]> parsed = PaxRecords.parse(PaxRecords.format(records));
        assertEquals(records.keySet(), parsed.keySet());
        records.forEach((k, v) -> assertArrayEquals(v, parsed.get(k), k));
    }

    @Test
    void writerUsesPaxForWhatUstarCannotHoldAndCommonsCompressReadsIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter writer = new TarWriter(out);
        String unicode = "etc/caf\u00e9/" + "x".repeat(120);
        writer.write(new TarHeader(unicode, TarHeader.Type.FILE, '0', 0, 0640, 5_000_000, 7, 99_999_999_999L, 0,
                "", Map.of()), null);
        writer.write(new TarHeader("l", TarHeader.Type.SYMLINK, '2', 0, 0777, 0, 0, 0, 0, unicode, Map.of()), null);
        writer.finish();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals(unicode, e.getName());
            assertEquals(5_000_000, e.getLongUserId());
            assertEquals(99_999_999_999L, e.getLastModifiedTime().toInstant().getEpochSecond());
            assertEquals(unicode, in.getNextEntry().getLinkName());
            assertNull(in.getNextEntry());
        }
    }

    @Test
    void globalPaxHeadersAreSkipped() throws IOException {
        byte[] records = bytes("53 comment=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
        byte[] global = new byte[TarFields.BLOCK * 2]; // as git archive writes: header, then the records
        TarFields.putString(global, TarFields.NAME, TarFields.NAME_LEN, bytes("pax_global_header"));
        TarFields.putOctal(global, TarFields.SIZE, TarFields.NUM12_LEN, records.length);
        global[TarFields.TYPEFLAG] = 'g';
        TarFields.putChecksum(global);
        System.arraycopy(records, 0, global, TarFields.BLOCK, records.length);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(global);
        tar.writeBytes(new TarBuilder().file("real", "r").bytes());

        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(TarBuilder.write(tmp.resolve("l.tar"), tar.toByteArray(), Compression.NONE), diff);
        try (var list = Files.list(diff)) {
            assertEquals(java.util.List.of(diff.resolve("real")), list.toList());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
