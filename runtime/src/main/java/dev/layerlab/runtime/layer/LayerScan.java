package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two passes over a layer blob: a validating one that writes nothing and yields the diffID, and
 * an applying one that hands each (re-validated) entry to a handler.
 */
final class LayerScan {
    interface EntryHandler {
        /** {@code name} is the normalised entry name; {@code content} is only meaningful for regular files. */
        void accept(TarHeader header, String name, InputStream content) throws IOException;
    }

    private LayerScan() {
    }

    static LayerTars.LayerStats validate(Path blob, long maxTarBytes) throws IOException {
        try (InputStream raw = LayerTooLargeException.bounded(Compression.decompressing(Files.newInputStream(blob)),
                maxTarBytes)) {
            HashingInputStream hashing = new HashingInputStream(raw);
            TarReader reader = new TarReader(hashing);
            long contentSize = 0;
            for (TarHeader h = reader.next(); h != null; h = reader.next()) {
                EntryValidator.check(h);
                if (h.type() == TarHeader.Type.FILE) {
                    contentSize += h.size();
                }
            }
            hashing.drain();
            return new LayerTars.LayerStats(hashing.digest(), hashing.count(), contentSize);
        } catch (FileSystemException | LayerTooLargeException e) {
            throw e; // the blob is missing or unreadable, or too large: not damage
        } catch (IOException e) {
            // Decompressors report damage as plain IOExceptions (EOF, bad CRC, bad frame).
            throw new InvalidArgumentException("layer blob " + blob.getFileName()
                    + " is corrupt or truncated: " + e.getMessage(), e);
        }
    }

    static void forEach(Path blob, EntryHandler handler) throws IOException {
        try (InputStream raw = Compression.decompressing(Files.newInputStream(blob))) {
            TarReader reader = new TarReader(raw);
            for (TarHeader h = reader.next(); h != null; h = reader.next()) {
                // Cheap, and guards against the blob changing between the passes.
                String name = EntryValidator.check(h);
                handler.accept(h, name, reader.content());
            }
        }
    }
}
