package dev.layerlab.runtime.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds tars in memory for tests: image archives and the layer tars inside them. */
final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    TarBuilder file(String name, byte[] data) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TarBuilder file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TarBuilder link(String name, String target, byte type) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TarBuilder symlink(String name, String target) {
        return link(name, target, TarArchiveEntry.LF_SYMLINK);
    }

    TarBuilder dir(String name) {
        try {
            tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true));
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] build() {
        try {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-file layer tar. */
    static byte[] layer(String fileName, String content) {
        return new TarBuilder().file(fileName, content).build();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
