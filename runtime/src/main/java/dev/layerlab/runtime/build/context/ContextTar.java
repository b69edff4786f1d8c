package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.content.Compression;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.LayerTars;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Receives a context tar: the uncompressed stream is spooled to a file next to the new directory
 * (counting it against the limit), then applied with the layer code's validated extraction, which
 * refuses any unsafe entry before writing anything.
 */
final class ContextTar {
    private static final long MB = 1024 * 1024;

    private ContextTar() {
    }

    static Path unpack(InputStream tar, Path workDir, long maxBytes) throws IOException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "context-");
        Path spool = workDir.resolve(dir.getFileName() + ".tar");
        boolean ok = false;
        try {
            spool(tar, spool, maxBytes);
            try {
                LayerTars.applyOnto(spool, dir);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("invalid build context: "
                        + e.getMessage().replace("layer entry", "entry").replace("layer root", "context")
                        .replace("layer tar", "tar"), e);
            }
            ok = true;
            return dir;
        } finally {
            Files.deleteIfExists(spool);
            if (!ok) {
                AtomicFiles.deleteTree(dir);
            }
        }
    }

    private static void spool(InputStream tar, Path spool, long maxBytes) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        // The caller's stream is theirs to close (a request body, say).
        InputStream unclosable = new FilterInputStream(tar) {
            @Override
            public void close() {
            }
        };
        try (InputStream in = Compression.decompressing(unclosable); OutputStream out = Files.newOutputStream(spool)) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidArgumentException("build context is larger than the limit of "
                            + maxBytes / MB + " MB");
                }
                out.write(buf, 0, n);
            }
            // The 20.10 CLI ends a `-f -` context right after the last file's data: no padding to the 512-byte
            // block, no end-of-archive blocks. The request body itself ended properly (its transfer encoding
            // says so), so completing the blocks cannot hide a cut-off upload.
            out.write(new byte[(int) ((512 - total % 512) % 512) + 1024]);
        } catch (InvalidArgumentException e) {
            throw e;
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            throw new InvalidArgumentException("invalid build context: " + e.getMessage(), e);
        }
    }
}
