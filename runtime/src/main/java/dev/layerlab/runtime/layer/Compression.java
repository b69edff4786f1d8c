package dev.layerlab.runtime.layer;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a layer blob is compressed, told by its first bytes (media types are not trusted for this). */
enum Compression {
    GZIP, ZSTD, NONE;

    static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The blob's uncompressed tar stream. */
    static InputStream open(Path blob) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(blob), 1 << 16);
        try {
            raw.mark(4);
            byte[] head = raw.readNBytes(4);
            raw.reset();
            return switch (detect(head, head.length)) {
                // Concatenated gzip members are legal and some tools write them.
                case GZIP -> new GzipCompressorInputStream(raw, true);
                case ZSTD -> new ZstdCompressorInputStream(raw);
                case NONE -> raw;
            };
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
