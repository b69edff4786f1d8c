package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.fs.FdMount;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a container's volumes and bind mounts into its root filesystem before runc starts it, by
 * descriptor (package {@code fs}): each source is resolved at this moment (a bind inside the
 * sandbox host's root), each mount point inside the container's root, and the clone of the source
 * is attached on the mount point's descriptor. Parents go first, so the longer path wins where
 * mounts nest, and a nested mount point is made in the outer mount's source as Docker makes it;
 * read-only is applied last, so a read-only outer mount can still get its nested mount points.
 */
final class ContainerMounts {
    /** Trees runc mounts itself (and masks parts of): a learner's mount there could replace the kernel's files. */
    private static final List<String> KERNEL_TREES = List.of("/proc", "/sys", "/dev");

    private ContainerMounts() {
    }

    /** Refuses a mount point a learner may not have, with a sentence saying why. */
    static void checkDestination(String destination) {
        Path dst = Path.of(destination).normalize();
        if (!dst.isAbsolute()) {
            throw new InvalidArgumentException("invalid mount config: mount path must be absolute: " + destination);
        }
        if (dst.getNameCount() == 0) {
            throw new InvalidArgumentException("invalid mount config: destination can't be '/'");
        }
        for (String tree : KERNEL_TREES) {
            if (dst.startsWith(tree)) {
                throw new InvalidArgumentException("mounting over " + destination + " is refused in this playground: "
                        + tree + " belongs to the kernel and the container runtime");
            }
        }
    }

    /**
     * The image's own /proc, /sys and /dev must be directories (or absent): a symlink there would
     * steer where runc mounts the kernel's trees and applies its masks.
     */
    static void checkKernelTrees(Path rootfs) {
        for (String tree : KERNEL_TREES) {
            Path p = rootfs.resolve(tree.substring(1));
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidArgumentException("the image's " + tree + " is not a directory: refused, since it"
                        + " would steer where the container runtime mounts " + tree);
            }
        }
    }

    static void attach(List<ResolvedMount> mounts, Path rootfs, BindResolver binds) throws IOException {
        checkKernelTrees(rootfs);
        List<ResolvedMount> ordered = mounts.stream()
                .sorted(Comparator.comparingInt((ResolvedMount m) -> Path.of(m.destination()).getNameCount()))
                .toList();
        List<FdMount> attached = new ArrayList<>();
        List<FdMount> readOnly = new ArrayList<>();
        try (TreeRoot root = TreeRoot.open(rootfs)) {
            for (ResolvedMount m : ordered) {
                checkDestination(m.destination());
                try (PathFd source = m.isVolume() ? PathFd.ofTrusted(m.source()) : binds.open(m.name());
                     PathFd target = source.isDirectory() ? root.makeDirectories(m.destination())
                             : root.makeFile(m.destination())) {
                    if (source.isDirectory() != target.isDirectory()) {
                        throw new InvalidArgumentException("cannot mount " + (source.isDirectory() ? "a directory" : "a file")
                                + " on " + m.destination() + ": it is " + (target.isDirectory() ? "a directory" : "a file")
                                + " in the image");
                    }
                    FdMount mount = FdMount.cloneOf(source);
                    attached.add(mount);
                    mount.attachAt(target);
                    if (m.readOnly()) {
                        readOnly.add(mount);
                    }
                }
            }
            for (FdMount m : readOnly) {
                m.makeReadOnly();
            }
        } finally {
            attached.forEach(FdMount::close);
        }
    }
}
