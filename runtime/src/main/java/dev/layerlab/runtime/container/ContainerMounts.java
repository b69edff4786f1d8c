package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.fs.FdMount;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.runc.ContainerSpec;

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

    /** A mount as it went in: its mount id, to tell which mount a descriptor found later lies in. */
    record Attached(String destination, boolean readOnly, long mountId) {
    }

    /** Where a mount's source comes from, opened at the moment of attaching. */
    private record Planned(String destination, boolean readOnly, SourceOpener source) {
    }

    private interface SourceOpener {
        PathFd open() throws IOException;
    }

    static void attach(List<ResolvedMount> mounts, Path rootfs, BindResolver binds) throws IOException {
        attachAll(planned(mounts, binds), rootfs);
    }

    /**
     * The container's mounts plus the engine's files ({@code /etc/hostname} and friends, sources the
     * engine owns) on {@code root}: the container's filesystem as its processes see it, for docker cp.
     * A learner's mount at an engine file's destination wins, as in Docker.
     */
    static List<Attached> attachView(List<ResolvedMount> mounts, List<ContainerSpec.BindMount> engineFiles, Path root,
                                     BindResolver binds) throws IOException {
        List<Planned> all = new ArrayList<>(planned(mounts, binds));
        for (ContainerSpec.BindMount f : engineFiles) {
            if (mounts.stream().noneMatch(m -> Path.of(m.destination()).normalize().equals(Path.of(f.destination())))) {
                all.add(new Planned(f.destination(), f.readOnly(), () -> PathFd.ofTrusted(f.source())));
            }
        }
        return attachAll(all, root);
    }

    private static List<Planned> planned(List<ResolvedMount> mounts, BindResolver binds) {
        return mounts.stream().map(m -> new Planned(m.destination(), m.readOnly(),
                () -> m.isVolume() ? PathFd.ofTrusted(m.source()) : binds.open(m.name()))).toList();
    }

    private static List<Attached> attachAll(List<Planned> mounts, Path rootfs) throws IOException {
        checkKernelTrees(rootfs);
        List<Planned> ordered = mounts.stream()
                .sorted(Comparator.comparingInt((Planned m) -> Path.of(m.destination()).getNameCount()))
                .toList();
        List<FdMount> attached = new ArrayList<>();
        List<FdMount> readOnly = new ArrayList<>();
        List<Attached> result = new ArrayList<>();
        try (TreeRoot root = TreeRoot.open(rootfs)) {
            for (Planned m : ordered) {
                checkDestination(m.destination());
                try (PathFd source = m.source().open();
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
                    result.add(new Attached(m.destination(), m.readOnly(), mount.mountId()));
                }
            }
            for (FdMount m : readOnly) {
                m.makeReadOnly();
            }
        } finally {
            attached.forEach(FdMount::close);
        }
        return result;
    }
}
