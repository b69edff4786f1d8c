package dev.layerlab.runtime.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** Mode bits Java cannot express, ownership, times and xattrs survive both ways of unpacking. */
class LayerMetadataTest {
    static final Instant FILE_TIME = Instant.parse("2001-02-03T04:05:06Z");
    static final Instant DIR_TIME = Instant.parse("2002-03-04T05:06:07Z");
    static final Instant LINK_TIME = Instant.parse("2003-04-05T06:07:08Z");

    @TempDir
    Path tmp;

    static TarBuilder layer() {
        TarBuilder t = new TarBuilder();
        TarArchiveEntry dir = TarBuilder.entry("bin/", TarConstants.LF_DIR);
        dir.setMode(043775); // setgid + sticky
        dir.setUserId(42);
        dir.setGroupId(43);
        dir.setModTime(FileTime.from(DIR_TIME));
        t.add(dir, null);
        TarArchiveEntry su = TarBuilder.entry("bin/su", TarConstants.LF_NORMAL);
        su.setMode(0104755);
        su.setUserId(1234);
        su.setGroupId(5678);
        su.setModTime(FileTime.from(FILE_TIME));
        su.addPaxHeader("SCHILY.xattr.user.layerlab", "hello");
        su.addPaxHeader("SCHILY.xattr.trusted.overlay.opaque", "y");
        t.add(su, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        TarArchiveEntry link = TarBuilder.entry("bin/sh", TarConstants.LF_SYMLINK);
        link.setLinkName("su");
        link.setUserId(7);
        link.setGroupId(8);
        link.setModTime(FileTime.from(LINK_TIME));
        t.add(link, null);
        t.fifo("bin/pipe"); // written after su and sh: the directory's time must still be DIR_TIME
        return t;
    }

    @Test
    void extractedDiffKeepsMetadata() throws IOException {
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(layer().write(tmp.resolve("l.tar")), diff);
        assertMetadata(diff);
    }

    @Test
    void appliedRootKeepsMetadata() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        LayerTars.applyOnto(layer().write(tmp.resolve("l.tar")), root);
        assertMetadata(root);
    }

    private static void assertMetadata(Path root) throws IOException {
        FileStat su = FileStat.of(root.resolve("bin/su"));
        assertEquals(04755, su.permissions());
        assertEquals(1234, su.uid());
        assertEquals(5678, su.gid());
        assertEquals(FILE_TIME, su.mtime().toInstant());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Xattrs.get(root.resolve("bin/su"), "user.layerlab"));
        assertNull(Xattrs.get(root.resolve("bin/su"), "trusted.overlay.opaque"), "trusted.* must not come from a tar");

        FileStat bin = FileStat.of(root.resolve("bin"));
        assertEquals(03775, bin.permissions());
        assertEquals(42, bin.uid());
        assertEquals(43, bin.gid());
        assertEquals(DIR_TIME, bin.mtime().toInstant());

        FileStat sh = FileStat.of(root.resolve("bin/sh"));
        assertTrue(sh.isSymlink());
        assertEquals(7, sh.uid());
        assertEquals(8, sh.gid());
        assertEquals(LINK_TIME, sh.mtime().toInstant());

        FileStat pipe = FileStat.of(root.resolve("bin/pipe"));
        assertTrue(pipe.isFifo());
        assertEquals(0640, pipe.permissions());
    }
}
