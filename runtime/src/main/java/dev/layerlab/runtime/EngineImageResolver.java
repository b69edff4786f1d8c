package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ImageDefaults;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.container.ResolvedImage;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Looks an image up for a new container and unpacks whichever of its layers are not unpacked yet. */
final class EngineImageResolver implements ImageResolver {
    private final ImageStore images;
    private final ContentStore content;
    private final Snapshotter snapshots;

    EngineImageResolver(ImageStore images, ContentStore content, Snapshotter snapshots) {
        this.images = images;
        this.content = content;
        this.snapshots = snapshots;
    }

    @Override
    public ResolvedImage resolve(String nameOrId) {
        Image image = images.resolve(nameOrId);
        List<Path> dirs = new ArrayList<>();
        try {
            for (Image.Layer layer : image.layers()) {
                dirs.add(snapshots.ensureLayer(layer.diffId(), content.path(layer.blob().digest())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking image " + nameOrId + ": " + e.getMessage(), e);
        }
        Collections.reverse(dirs);
        ContainerDefaults c = image.config().config() == null ? ContainerDefaults.empty() : image.config().config();
        ImageDefaults defaults = new ImageDefaults(c.entrypoint(), c.cmd(), c.env() == null ? List.of() : c.env(),
                nz(c.workingDir()), nz(c.user()), nz(c.stopSignal()), c.labels() == null ? Map.of() : c.labels(),
                c.volumes() == null ? List.of() : List.copyOf(new java.util.TreeSet<>(c.volumes())));
        return new ResolvedImage(image.id().toString(), nameOrId, dirs, defaults);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
