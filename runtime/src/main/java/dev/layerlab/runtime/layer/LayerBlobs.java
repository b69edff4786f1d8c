package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory (a container's upper, a build step's changes) stored as an uncompressed layer blob. */
public final class LayerBlobs {
    private LayerBlobs() {
    }

    /** The stored blob and what it holds. */
    public record Stored(Descriptor blob, LayerTars.LayerStats stats) {
    }

    /**
     * Writes {@code dir} as a layer tar (see {@link LayerTars#writeLayer}) into the content store. The caller
     * holds a lease if the blob must survive a concurrent garbage collection until an image names it.
     */
    public static Stored store(Path dir, ContentStore content) throws IOException {
        Path tmp = Files.createTempFile("layerlab-layer-", ".tar");
        try {
            LayerTars.LayerStats stats;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                stats = LayerTars.writeLayer(dir, out);
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                return new Stored(content.write(in, MediaTypes.OCI_LAYER), stats);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
