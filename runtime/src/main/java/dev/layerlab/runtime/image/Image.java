package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;

import java.time.Instant;
import java.util.List;

/**
 * An image as the store knows it. {@code id} is the config blob's digest, as in Docker; several manifests
 * (a Docker and an OCI rendering, say) can share one id. {@code created} is null if the config has none.
 */
public record Image(
        Digest id,
        Digest manifestDigest,
        ImageManifest manifest,
        ImageConfig config,
        List<Layer> layers,
        Instant created,
        List<ImageReference> references) {

    public Image {
        layers = List.copyOf(layers);
        references = List.copyOf(references);
    }

    /** A layer as stored (possibly compressed) and its diffID, the digest of the uncompressed tar. */
    public record Layer(Descriptor blob, Digest diffId) {
    }

    /** Whether no name points at this image: Docker's {@code <none>:<none>}. */
    public boolean dangling() {
        return references.isEmpty();
    }

    /** Sum of the stored layer sizes, what the image occupies in the content store besides two small JSONs. */
    public long storedSize() {
        return layers.stream().mapToLong(l -> l.blob().size()).sum();
    }

    Image withReferences(List<ImageReference> refs) {
        return new Image(id, manifestDigest, manifest, config, layers, created, refs);
    }
}
