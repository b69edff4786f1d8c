package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.sys.LibC;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LayerWriteTest {
    /** VFS_CAP_REVISION_2 with the effective flag, permitted = cap_setuid (bit 7, the 0x80 byte). */
    static final byte[] CAP_SETUID = {
            0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    static final String LONG_NAME = "deep/" + "n".repeat(150) + ".txt";

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0\n");
        Files.createLink(dir.resolve("etc/passwd-"), dir.resolve("etc/passwd"));
        Files.createSymbolicLink(dir.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
        Files.createDirectories(dir.resolve("deep"));
        Files.writeString(dir.resolve(LONG_NAME), "long");
        Files.writeString(dir.resolve("ping"), "elf");
        LibC.INSTANCE.lchown(dir.resolve("ping").toString(), 0, 1001);
        LibC.INSTANCE.chmod(dir.resolve("ping").toString(), 04711);
        Xattrs.set(dir.resolve("ping"), Xattrs.CAPABILITY, CAP_SETUID);
        LibC.INSTANCE.mkfifo(dir.resolve("fifo").toString(), 0600);
        LibC.INSTANCE.mknod(dir.resolve("null").toString(), FileStat.S_IFCHR | 0666, (1 << 8) | 3);
        for (Path p : List.of(dir.resolve("etc/passwd"), dir.resolve("etc"), dir.resolve("ping"))) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2020-01-01T00:00:00.75Z")));
        }
    }

    private static byte[] write(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerTars.LayerStats stats = LayerTars.writeLayer(dir, out);
        byte[] bytes = out.toByteArray();
        assertEquals(Digest.of(bytes), stats.diffId());
        assertEquals(bytes.length, stats.uncompressedTarSize());
        return bytes;
    }

    /** Read back with commons-compress, an independent reader. */
    private static List<TarArchiveEntry> entries(byte[] tar) throws IOException {
        List<TarArchiveEntry> list = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                list.add(e);
            }
        }
        return list;
    }

    private static TarArchiveEntry entry(List<TarArchiveEntry> entries, String name) {
        return entries.stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name));
    }

    @Test
    void sameTreeGivesTheSameBytes() throws IOException {
        byte[] first = write(dir);
        byte[] second = write(dir);
        assertArrayEquals(first, second);
        Path copy = tmp.resolve("copy");
        LayerTars.extractAsOverlayDiff(TarBuilder.write(tmp.resolve("l.tar"), first, Compression.NONE), copy);
        assertArrayEquals(first, write(copy), "extracting and re-archiving is a fixed point");
    }

    @Test
    void entriesAreSortedRelativeAndTyped() throws IOException {
        List<TarArchiveEntry> entries = entries(write(dir));
        assertEquals(List.of("deep/", LONG_NAME, "etc/", "etc/localtime", "etc/passwd", "etc/passwd-", "fifo", "ping"),
                entries.stream().map(TarArchiveEntry::getName).toList(), "the char device is skipped");
        assertTrue(entry(entries, "etc/").isDirectory());
        assertEquals("/usr/share/zoneinfo/UTC", entry(entries, "etc/localtime").getLinkName());
        assertTrue(entry(entries, "etc/passwd-").isLink());
        assertEquals("etc/passwd", entry(entries, "etc/passwd-").getLinkName());
        assertTrue(entry(entries, "fifo").isFIFO());
        TarArchiveEntry ping = entry(entries, "ping");
        assertEquals(04711, ping.getMode() & 07777);
        assertEquals(1001, ping.getLongGroupId());
        assertEquals(Instant.parse("2020-01-01T00:00:00Z"), ping.getLastModifiedTime().toInstant());
        assertTrue(ping.getExtraPaxHeaders().containsKey("SCHILY.xattr.security.capability"));
    }

    @Test
    void binaryCapabilityXattrSurvivesByteForByte() throws IOException {
        byte[] tar = write(dir);
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(TarBuilder.write(tmp.resolve("l.tar"), tar, Compression.GZIP), diff);
        assertArrayEquals(CAP_SETUID, Xattrs.get(diff.resolve("ping"), Xattrs.CAPABILITY));
        FileStat ping = FileStat.of(diff.resolve("ping"));
        assertEquals(04711, ping.permissions());
        assertEquals(1001, ping.gid());
        assertEquals("long", Files.readString(diff.resolve(LONG_NAME)));
        assertEquals(FileStat.of(diff.resolve("etc/passwd")).ino(), FileStat.of(diff.resolve("etc/passwd-")).ino());
    }

    @Test
    void whiteoutsAndOpaqueDirsBecomeMarkerEntries() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("etc"));
        OverlayWhiteouts.writeWhiteout(upper.resolve("etc/motd"));
        Files.createDirectories(upper.resolve("var/cache"));
        Files.writeString(upper.resolve("var/cache/a"), "a");
        OverlayWhiteouts.markOpaque(upper.resolve("var/cache"));
        // overlayfs shares one whiteout inode between many names; that must not turn into hard links.
        Files.createLink(upper.resolve("etc/issue"), upper.resolve("etc/motd"));

        List<TarArchiveEntry> entries = entries(write(upper));
        assertEquals(List.of("etc/", "etc/.wh.issue", "etc/.wh.motd", "var/", "var/cache/", "var/cache/.wh..wh..opq",
                "var/cache/a"), entries.stream().map(TarArchiveEntry::getName).toList());
        TarArchiveEntry wh = entry(entries, "etc/.wh.motd");
        assertTrue(wh.isFile());
        assertEquals(0, wh.getSize());
        assertTrue(entry(entries, "etc/.wh.issue").isFile());
    }

    @Test
    void longNamesAndXattrsUsePaxOnlyWhenNeeded() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("short"), "s");
        byte[] tar = write(plain);
        assertEquals(512 + 512 + 1024, tar.length, "one header, one data block, end marker: no PAX header");
        assertEquals("short", new String(tar, 0, 5, StandardCharsets.US_ASCII));
    }

    @Test
    void refusesAMissingDirectory() {
        assertThrows(IOException.class, () -> LayerTars.writeLayer(tmp.resolve("missing"), new ByteArrayOutputStream()));
    }
}
