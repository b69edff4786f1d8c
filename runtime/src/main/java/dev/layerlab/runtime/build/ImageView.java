package dev.layerlab.runtime.build;

import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.Mounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A read-only view of an image's files, for {@code COPY --from}: the merged layers (a read-only overlay),
 * the single layer itself, or an empty directory for an image without layers.
 */
final class ImageView implements AutoCloseable {
    private final Path root;
    private final Path mountPoint;

    private ImageView(Path root, Path mountPoint) {
        this.root = root;
        this.mountPoint = mountPoint;
    }

    static ImageView open(ImageResolver resolver, String imageId, Path workDir) throws IOException {
        List<Path> lowers = imageId == null ? List.of() : resolver.resolve(imageId).layerDirsTopFirst();
        if (lowers.size() == 1) {
            return new ImageView(lowers.getFirst(), null);
        }
        Path dir = Files.createTempDirectory(workDir, "view-");
        if (lowers.isEmpty()) {
            return new ImageView(dir, dir);
        }
        try {
            Mounts.overlayReadOnly(lowers, dir);
        } catch (IOException e) {
            AtomicFiles.deleteTree(dir);
            throw e;
        }
        return new ImageView(dir, dir);
    }

    Path root() {
        return root;
    }

    @Override
    public void close() {
        if (mountPoint == null) {
            return;
        }
        try {
            Mounts.unmountIfMounted(mountPoint);
            AtomicFiles.deleteTree(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
