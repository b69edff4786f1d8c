package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ImageDefaults;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.container.ResolvedImage;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.error.DiskQuotaException;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.layer.LayerTooLargeException;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Looks an image up for a new container and unpacks whichever of its layers are not unpacked yet. */
final class EngineImageResolver implements ImageResolver {
    private final ImageStore images;
    private final ContentStore content;
    private final Snapshotter snapshots;
    private final DiskQuota quota;
    private final Supplier<Set<Digest>> sharedBlobs;

    /**
     * {@code quota}: a layer of this space's own images (a blob not in {@code sharedBlobs}, the engine's
     * own images) is unpacked only if its tar fits in what is left of the quota, so a small compressed
     * blob cannot put more than the sandbox's quota on the shared layer store.
     */
    EngineImageResolver(ImageStore images, ContentStore content, Snapshotter snapshots, DiskQuota quota,
                        Supplier<Set<Digest>> sharedBlobs) {
        this.images = images;
        this.content = content;
        this.snapshots = snapshots;
        this.quota = quota;
        this.sharedBlobs = sharedBlobs;
    }

    private long room(Digest blob) {
        if (!quota.bounded() || sharedBlobs.get().contains(blob)) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, quota.quotaBytes() - quota.usedBytes());
    }

    @Override
    public ResolvedImage resolve(String nameOrId) {
        Image image = images.resolve(nameOrId);
        List<Path> dirs = new ArrayList<>();
        try {
            for (Image.Layer layer : image.layers()) {
                Digest blob = layer.blob().digest();
                dirs.add(snapshots.hasLayer(layer.diffId()) ? snapshots.layerDir(layer.diffId())
                        : snapshots.ensureLayer(layer.diffId(), content.path(blob), room(blob)));
            }
        } catch (LayerTooLargeException e) {
            DiskQuotaException full = quota.exceeded();
            full.initCause(e);
            throw full;
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking image " + nameOrId + ": " + e.getMessage(), e);
        }
        Collections.reverse(dirs);
        ContainerDefaults c = image.config().config() == null ? ContainerDefaults.empty() : image.config().config();
        ImageDefaults defaults = new ImageDefaults(c.entrypoint(), c.cmd(), c.env() == null ? List.of() : c.env(),
                nz(c.workingDir()), nz(c.user()), nz(c.stopSignal()), c.labels() == null ? Map.of() : c.labels(),
                c.volumes() == null ? List.of() : List.copyOf(new java.util.TreeSet<>(c.volumes())),
                healthcheck(c.healthcheck()));
        return new ResolvedImage(image.id().toString(), nameOrId, dirs, defaults);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> healthcheck(com.fasterxml.jackson.databind.JsonNode node) {
        return node == null || !node.isObject() ? null : dev.layerlab.runtime.io.Json.MAPPER.convertValue(node, Map.class);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
