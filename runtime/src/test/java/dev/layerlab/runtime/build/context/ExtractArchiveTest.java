package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.layerlab.runtime.build.context.Trees.*;
import static org.junit.jupiter.api.Assertions.*;

class ExtractArchiveTest {
    @TempDir
    Path ctx;
    @TempDir
    Path rootfs;

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private CopySource archive(String name, byte[] tar, Compressor c) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(buf)) {
            out.write(tar);
        }
        Files.write(ctx.resolve(name), buf.toByteArray());
        return new CopySource(ctx, name);
    }

    private static byte[] sample() throws IOException {
        return new TestTars().dir("pkg").file("pkg/bin", "binary".getBytes(), 0755, 1000).file("top.txt", "top").bytes();
    }

    @Test
    void tarGzIsExtractedIntoTheDirectoryKeepingArchiveOwners() throws IOException {
        Files.createDirectories(rootfs.resolve("opt"));
        Files.writeString(rootfs.resolve("opt/top.txt"), "old");
        // The name says nothing: detection is by content.
        CopySource a = archive("release.bin", sample(), GzipCompressorOutputStream::new);
        assertTrue(FileCopier.extractArchive(a, rootfs, "opt", "/", null));
        assertEquals("binary", read(rootfs.resolve("opt/pkg/bin")));
        assertEquals(0755, mode(rootfs.resolve("opt/pkg/bin")));
        assertEquals("1000:1000", owner(rootfs.resolve("opt/pkg/bin")));
        assertEquals("top", read(rootfs.resolve("opt/top.txt")));
    }

    @Test
    void bzip2XzAndPlainTarsAndAnOwnerOverride() throws IOException {
        assertTrue(FileCopier.extractArchive(archive("a.tar.bz2", sample(), BZip2CompressorOutputStream::new),
                rootfs, "/bz/", "/", null));
        assertEquals("top", read(rootfs.resolve("bz/top.txt")));
        assertTrue(FileCopier.extractArchive(archive("a.tar.xz", sample(), XZCompressorOutputStream::new),
                rootfs, "xz", "/srv", new FileCopier.Owner(7, 8)));
        assertEquals("7:8", owner(rootfs.resolve("srv/xz/pkg/bin")));
        assertEquals("7:8", owner(rootfs.resolve("srv/xz/pkg")));
        assertTrue(FileCopier.extractArchive(archive("a.tar", sample(), out -> out), rootfs, "/plain", "/", null));
        assertEquals("binary", read(rootfs.resolve("plain/pkg/bin")));
    }

    @Test
    void nonArchivesReturnFalseAndWriteNothing() throws IOException {
        file(ctx, "notes.txt", "just text, not a tar header ".repeat(40));
        file(ctx, "empty.tar.gz", "");
        CopySource gzText = archive("text.gz", "plain text in gzip".getBytes(), GzipCompressorOutputStream::new);
        assertFalse(FileCopier.extractArchive(new CopySource(ctx, "notes.txt"), rootfs, "/x", "/", null));
        assertFalse(FileCopier.extractArchive(new CopySource(ctx, "empty.tar.gz"), rootfs, "/x", "/", null));
        assertFalse(FileCopier.extractArchive(gzText, rootfs, "/x", "/", null));
        assertFalse(Files.exists(rootfs.resolve("x")));
    }

    @Test
    void escapingArchiveIsRefusedAndAppliesNothing() throws IOException {
        byte[] bad = new TestTars().file("fine.txt", "ok").file("../../outside.txt", "bad").bytes();
        CopySource a = archive("bad.tgz", bad, GzipCompressorOutputStream::new);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> FileCopier.extractArchive(a, rootfs, "/dest", "/", null));
        assertTrue(e.getMessage().contains("../../outside.txt"), e.getMessage());
        assertFalse(Files.exists(rootfs.resolve("dest/fine.txt")));
        assertFalse(Files.exists(rootfs.getParent().resolve("outside.txt")));
    }
}
