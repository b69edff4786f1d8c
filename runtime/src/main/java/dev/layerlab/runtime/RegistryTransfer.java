package dev.layerlab.runtime;

import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageIndex;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.Platforms;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.registry.Registry;
import dev.layerlab.runtime.registry.RegistryError;
import dev.layerlab.runtime.registry.RegistryException;
import dev.layerlab.runtime.registry.RepositoryName;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * {@code docker push} and {@code docker pull} between a space and the built-in registry, in-process: the
 * engine and the registry share the content store, so a push links the image's blobs into the repository
 * and stores its manifest (not a byte of a layer is copied), and a pull registers the repository's manifest
 * in the space. Who may push is the caller's check.
 */
public final class RegistryTransfer {
    /** What a transfer reports per layer and at the end, as dockerd's progress stream words it. */
    public interface Progress {
        void layer(String shortId, String status) throws IOException;
    }

    /** A pushed or pulled image: its manifest digest and size, and whether it is new where it went. */
    public record Result(Image image, String digest, long size, boolean fresh) {
    }

    private final Engine engine;

    public RegistryTransfer(Engine engine) {
        this.engine = engine;
    }

    /** Pushes a space's {@code image} as {@code repository:tag}. */
    public Result push(Image image, RepositoryName repository, String tag, Progress progress) throws IOException {
        Registry registry = engine.registry();
        for (Image.Layer layer : image.layers()) {
            progress.layer(layer.blob().digest().shortId(), "Preparing");
        }
        for (Image.Layer layer : image.layers()) {
            boolean had = serves(registry, repository, layer.blob());
            registry.linkExisting(repository, layer.blob().digest());
            progress.layer(layer.blob().digest().shortId(), had ? "Layer already exists" : "Pushed");
        }
        registry.linkExisting(repository, image.manifest().config().digest());
        byte[] manifest = engine.content().read(image.manifestDigest());
        registry.putManifest(repository, tag, new ByteArrayInputStream(manifest), image.manifest().mediaType());
        return new Result(image, image.manifestDigest().toString(), manifest.length, true);
    }

    /**
     * Pulls {@code repository:reference} into the space and tags it {@code as}; of an index, only the
     * host's platform.
     */
    public Result pull(Space space, RepositoryName repository, String reference, ImageReference as, Progress progress)
            throws IOException {
        Registry registry = engine.registry();
        Registry.Manifest m = registry.manifest(repository, reference);
        if (MediaTypes.isIndex(m.mediaType())) {
            ImageIndex index = Json.read(m.bytes(), ImageIndex.class);
            Descriptor chosen = index.manifests().stream()
                    .filter(d -> d.platform() != null && Platforms.matches(d.platform(), Platforms.host()))
                    .findFirst()
                    .orElseThrow(() -> new NotFoundException("no matching manifest for " + Platforms.host().os() + "/"
                            + Platforms.host().architecture() + " in the manifest list entries"));
            m = registry.manifest(repository, chosen.digest().toString());
        }
        Digest manifestDigest = m.digest();
        boolean upToDate = space.images().byManifest(manifestDigest).map(i -> i.references().contains(as)).orElse(false);
        Image image = space.images().put(m.bytes());
        for (Image.Layer layer : image.layers()) {
            progress.layer(layer.blob().digest().shortId(), upToDate ? "Already exists" : "Pull complete");
        }
        space.images().tag(image, as);
        return new Result(image, manifestDigest.toString(), m.bytes().length, !upToDate);
    }

    private static boolean serves(Registry registry, RepositoryName repository, Descriptor blob) throws IOException {
        try {
            registry.blob(repository, blob.digest());
            return true;
        } catch (RegistryException e) {
            if (e.error() == RegistryError.BLOB_UNKNOWN) {
                return false;
            }
            throw e;
        }
    }
}
