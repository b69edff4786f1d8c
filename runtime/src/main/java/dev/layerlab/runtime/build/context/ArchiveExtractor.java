package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.layer.LayerTars;
import dev.layerlab.runtime.layer.RootedPath;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * ADD's local archives: what moby 20.10 calls an archive (isArchivePath: the stream, decompressed if
 * gzip, bzip2 or xz, starts with a valid tar header) and its extraction, done by
 * {@link LayerTars#applyOnto} so escaping entries are refused before anything is written.
 */
final class ArchiveExtractor {
    private static final int BLOCK = 512;

    private ArchiveExtractor() {
    }

    static boolean isArchive(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = decompressed(file)) {
            byte[] header = in.readNBytes(BLOCK);
            return header.length == BLOCK && validHeader(header);
        } catch (IOException e) {
            return false; // damaged compression: not an archive, as for Docker
        }
    }

    /** Extracts the archive {@code file} into the existing directory {@code dir}; {@code owner} null keeps the archive's. */
    static void extract(Path file, Path dir, FileCopier.Owner owner, String name) throws IOException {
        // Beside the archive (the build's own directory, on the sandbox's disk when it has one), never in the
        // host's /tmp: a small compressed archive may decompress to far more than the sandbox's quota.
        Path tar = Files.createTempFile(file.toAbsolutePath().getParent(), ".layerlab-add-", ".tar");
        try {
            try (InputStream in = decompressed(file)) {
                Files.copy(in, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                LayerTars.applyOnto(tar, dir);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("cannot extract " + name + ": "
                        + e.getMessage().replace("layer entry", "entry").replace("layer root", "destination"), e);
            }
            if (owner != null) {
                chownEntries(tar, dir, owner);
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static void chownEntries(Path tar, Path dir, FileCopier.Owner owner) throws IOException {
        try (TarArchiveInputStream entries = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                Path p = RootedPath.resolveNoFollow(dir, e.getName());
                if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    FileSetters.lchown(p, owner.uid(), owner.gid());
                }
            }
        }
    }

    /** The file's bytes, decompressed when they start with a gzip, bzip2 or xz signature. */
    private static InputStream decompressed(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            in.mark(6);
            byte[] m = in.readNBytes(6);
            in.reset();
            if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
                return new GZIPInputStream(in, 64 * 1024);
            }
            if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
                return new BZip2CompressorInputStream(in);
            }
            if (m.length == 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X'
                    && m[4] == 'Z' && m[5] == 0) {
                return new XZCompressorInputStream(in);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Go's tar reader accepts a header whose checksum matches, summed unsigned or signed. */
    static boolean validHeader(byte[] h) {
        String field = new String(h, 148, 8, StandardCharsets.US_ASCII).replace("\0", " ").trim();
        if (field.isEmpty() || !field.matches("[0-7]+")) {
            return false;
        }
        long expected = Long.parseLong(field, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : h[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return expected == unsigned || expected == signed;
    }
}
