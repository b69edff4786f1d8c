package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

/** Test layers built with commons-compress, an implementation independent of the one under test. */
final class TarBuilder {
    static final Instant MTIME = Instant.parse("2024-03-01T12:00:00Z");
    /** With a 512-byte block size the end-of-archive marker is exactly the last 1024 bytes. */
    static final int EOF_MARKER = 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, 512);

    TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    static TarArchiveEntry entry(String name, byte flag) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true); // true: keep "/" and ".." as given
        e.setModTime(FileTime.from(MTIME));
        return e;
    }

    TarBuilder dir(String name) {
        return dir(name, 0755);
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
        e.setMode(040000 | mode);
        return add(e, null);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL);
        e.setMode(0100000 | mode);
        return add(e, content.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        return add(e, null);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return add(e, null);
    }

    TarBuilder fifo(String name) {
        TarArchiveEntry e = entry(name, TarConstants.LF_FIFO);
        e.setMode(010640);
        return add(e, null);
    }

    TarBuilder device(String name, byte flag) {
        TarArchiveEntry e = entry(name, flag);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return add(e, null);
    }

    TarBuilder add(TarArchiveEntry e, byte[] content) {
        try {
            if (content != null) {
                e.setSize(content.length);
            }
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    byte[] bytes() {
        try {
            tar.finish();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    byte[] bytesWithoutEndMarker() {
        byte[] all = bytes();
        return Arrays.copyOf(all, all.length - EOF_MARKER);
    }

    Path write(Path file) throws IOException {
        return write(file, bytes(), Compression.NONE);
    }

    static Path write(Path file, byte[] tarBytes, Compression compression) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             OutputStream c = switch (compression) {
                 case GZIP -> new GzipCompressorOutputStream(out);
                 case ZSTD -> new ZstdCompressorOutputStream(out);
                 case NONE -> OutputStream.nullOutputStream();
             }) {
            if (compression == Compression.NONE) {
                out.write(tarBytes);
            } else {
                c.write(tarBytes);
            }
        }
        return file;
    }
}
