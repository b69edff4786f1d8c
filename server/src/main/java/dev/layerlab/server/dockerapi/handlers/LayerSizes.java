package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Layer sizes as {@code docker images} reports them: bytes of the unpacked layer. Layers are
 * immutable, so a size is measured once per unpacked directory; a layer never unpacked counts its
 * stored blob (the tar, maybe compressed), which is close and costs nothing.
 */
final class LayerSizes {
    /** Keyed by the unpacked directory, which is unique per data directory and layer. */
    private static final Map<Path, Long> MEASURED = new ConcurrentHashMap<>();

    private final Snapshotter snapshots;

    LayerSizes(Snapshotter snapshots) {
        this.snapshots = snapshots;
    }

    long of(Image.Layer layer) {
        Path dir = snapshots.layerDir(layer.diffId());
        if (!Files.isDirectory(dir)) {
            return layer.blob().size();
        }
        return MEASURED.computeIfAbsent(dir, LayerSizes::measure);
    }

    long of(Image image) {
        return image.layers().stream().mapToLong(this::of).sum();
    }

    long ofDiffId(Image image, Digest diffId) {
        return image.layers().stream().filter(l -> l.diffId().equals(diffId)).findFirst().map(this::of).orElse(0L);
    }

    private static long measure(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
