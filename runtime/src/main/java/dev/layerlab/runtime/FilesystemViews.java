package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ContainerStore;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.layer.LayerLookup;
import dev.layerlab.runtime.layer.UpperDirChanges;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only answers about filesystems for the live pictures: where a path comes from in a layer
 * stack, what a container changed (copy-on-write), and what is mounted in it.
 */
public final class FilesystemViews {
    private final ImageResolver images;
    private final Snapshotter snapshots;
    private final ContainerStore containers;

    FilesystemViews(ImageResolver images, Snapshotter snapshots, ContainerStore containers) {
        this.images = images;
        this.snapshots = snapshots;
        this.containers = containers;
    }

    /**
     * Where {@code path} comes from: {@code layerIndex} counts image layers from the bottom (0),
     * {@code CONTAINER_LAYER} is the container's own writable layer, -1 means the path is not there.
     */
    public record PathOrigin(String path, int layerIndex, String diffId) {
        public static final int CONTAINER_LAYER = Integer.MAX_VALUE;

        public boolean visible() {
            return layerIndex >= 0;
        }
    }

    /** A mount of a container as the pictures show it (the rootfs overlay, /etc files; volumes later). */
    public record MountView(String destination, String type, String source, boolean readOnly, List<String> lowerDirs) {
    }

    public PathOrigin originInImage(String image, String path) throws IOException {
        List<Path> topFirst = images.resolve(image).layerDirsTopFirst();
        int top = LayerLookup.whichLayer(path, topFirst);
        return top < 0 ? new PathOrigin(path, -1, null)
                : new PathOrigin(path, topFirst.size() - 1 - top, diffIdOf(topFirst.get(top)));
    }

    public PathOrigin originInContainer(String container, String path) throws IOException {
        ContainerRecord rec = containers.get(container).record();
        List<Path> stack = new ArrayList<>();
        stack.add(snapshots.fsOf(rec.id()).upper());
        stack.addAll(rec.layerDirsTopFirst());
        int top = LayerLookup.whichLayer(path, stack);
        if (top < 0) {
            return new PathOrigin(path, -1, null);
        }
        if (top == 0) {
            return new PathOrigin(path, PathOrigin.CONTAINER_LAYER, null);
        }
        int fromBottom = rec.layerDirsTopFirst().size() - top;
        return new PathOrigin(path, fromBottom, diffIdOf(rec.layerDirsTopFirst().get(top - 1)));
    }

    /** What the container's writable layer holds, as {@code docker diff} lists it. */
    public List<UpperDirChanges.Change> changes(String container) throws IOException {
        ContainerRecord rec = containers.get(container).record();
        ContainerFs fs = snapshots.fsOf(rec.id());
        return UpperDirChanges.list(fs.upper(), fs.lowersTopFirst(rec.layerDirsTopFirst()));
    }

    public List<MountView> mounts(String container) throws IOException {
        ContainerRecord rec = containers.get(container).record();
        ContainerFs fs = snapshots.fsOf(rec.id());
        List<MountView> mounts = new ArrayList<>();
        mounts.add(new MountView("/", "overlay", fs.upper().toString(), false,
                rec.layerDirsTopFirst().stream().map(Path::toString).toList()));
        Path dir = containers.dirOf(rec.id());
        for (String etc : List.of("hostname", "hosts", "resolv.conf")) {
            mounts.add(new MountView("/etc/" + etc, "bind", dir.resolve(etc).toString(), false, List.of()));
        }
        return mounts;
    }

    private String diffIdOf(Path layerDir) {
        return snapshots.diffIdOf(layerDir).toString();
    }
}
