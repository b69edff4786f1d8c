package dev.layerlab.runtime.build;

import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.layer.LayerBlobs;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * COPY, ADD and WORKDIR change files without running anything: the parent image's layers are mounted
 * under a fresh writable layer, the step writes into that view (so overlay copies up parent directories
 * with their real owners and modes), and the writable layer becomes the step's layer.
 */
final class FilesystemStep {
    /** What a step does to the root filesystem it is given. */
    @FunctionalInterface
    interface Change {
        void apply(Path rootfs) throws IOException;
    }

    private final Snapshotter snapshots;
    private final ImageResolver resolver;
    private final ContentStore content;
    private final DiskQuota quota;

    FilesystemStep(Snapshotter snapshots, ImageResolver resolver, ContentStore content, DiskQuota quota) {
        this.snapshots = snapshots;
        this.resolver = resolver;
        this.content = content;
        this.quota = quota;
    }

    /** Applies {@code change} on top of {@code parent} (null: scratch); the new layer, or null if nothing changed. */
    LayerBlobs.Stored run(Image parent, Change change) throws IOException {
        String id = "build-" + HexFormat.of().formatHex(randomBytes());
        ContainerFs fs = snapshots.prepare(id);
        try {
            List<Path> lowers = parent == null ? List.of() : resolver.resolve(parent.id().toString()).layerDirsTopFirst();
            Path root = snapshots.mount(fs, lowers);
            try {
                change.apply(root);
            } finally {
                snapshots.unmount(fs);
            }
            if (isEmpty(fs.upper())) {
                return null;
            }
            quota.admitLayerOf(fs.upper()); // the layer goes to the shared store: within the sandbox's quota
            return LayerBlobs.store(fs.upper(), content);
        } finally {
            snapshots.remove(id);
        }
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
