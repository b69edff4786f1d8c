package dev.layerlab.runtime;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a space's own images (those it built, committed or loaded) take in the shared store: the blobs
 * none of the engine's own images (the default space's base and playground images, which every sandbox
 * gets) refer to, plus each such layer's unpacked directory once a container has unpacked it. Counted
 * against the sandbox's disk quota, since the shared store keeps them for it.
 */
final class OwnImageBytes {
    /** Unpacked layers are immutable: each is measured once per data directory. */
    private static final Map<Path, Long> UNPACKED = new ConcurrentHashMap<>();

    private final ImageStore images;
    private final Supplier<Set<Digest>> sharedBlobs;
    private final ContentStore content;
    private final Snapshotter snapshots;

    OwnImageBytes(ImageStore images, Supplier<Set<Digest>> sharedBlobs, ContentStore content, Snapshotter snapshots) {
        this.images = images;
        this.sharedBlobs = sharedBlobs;
        this.content = content;
        this.snapshots = snapshots;
    }

    long bytes() {
        Set<Digest> shared = sharedBlobs.get();
        Set<Digest> counted = new HashSet<>();
        long sum = 0;
        for (Image image : images.list()) {
            for (Digest d : new Digest[]{image.manifestDigest(), image.id()}) {
                if (!shared.contains(d) && counted.add(d)) {
                    sum += sizeOf(d);
                }
            }
            for (Image.Layer layer : image.layers()) {
                Digest blob = layer.blob().digest();
                if (!shared.contains(blob) && counted.add(blob)) {
                    sum += sizeOf(blob) + unpacked(layer.diffId());
                }
            }
        }
        return sum;
    }

    private long sizeOf(Digest d) {
        try {
            return content.size(d);
        } catch (NotFoundException gone) {
            return 0; // collected meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long unpacked(Digest diffId) {
        if (!snapshots.hasLayer(diffId)) {
            return 0;
        }
        return UNPACKED.computeIfAbsent(snapshots.layerDir(diffId), DiskQuota::bytesUnder);
    }
}
