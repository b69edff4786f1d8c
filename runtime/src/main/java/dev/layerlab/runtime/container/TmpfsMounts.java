package dev.layerlab.runtime.container;

import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.runc.ContainerSpec.TmpfsMount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code --tmpfs /x[:opts]} as runc mounts it: Docker's default options (noexec, nosuid, nodev) with the
 * learner's, and a size never above the container's memory limit. A tmpfs's pages are charged to the
 * memory cgroup of whoever writes them, so they count against the container's and the sandbox's memory
 * as Docker's do; the cap keeps one tmpfs from being bigger than the memory that would back it. The server
 * has already checked the options ({@code HostOptionsRequest}); destinations are checked as every mount's are
 * ({@link ContainerMounts#checkDestination}), at create and again where they resolve at start.
 */
final class TmpfsMounts {
    private TmpfsMounts() {
    }

    /**
     * Refuses a mount point that resolves into /proc, /sys or /dev inside the container's root (a symlink in the
     * image or in a volume could point there): its deepest existing part is resolved inside the root (package fs),
     * and what runc will make below it is added. Nothing is made here: runc makes a missing mount point itself, and
     * only then applies {@code mode=} (an existing directory keeps its own mode, as with Docker).
     */
    static void checkMountPoints(Path rootfs, Collection<String> destinations) throws IOException {
        if (destinations.isEmpty()) {
            return;
        }
        Path realRoot = rootfs.toRealPath();
        try (TreeRoot root = TreeRoot.open(rootfs)) {
            for (String destination : destinations) {
                ContainerMounts.checkDestination(destination);
                Path asked = Path.of(destination).normalize();
                Path existing = asked;
                java.util.Optional<PathFd> found = root.find(existing.toString());
                while (found.isEmpty() && existing.getParent() != null) {
                    refuseDanglingLink(root, existing, destination);
                    existing = existing.getParent();
                    found = root.find(existing.toString());
                }
                if (found.isEmpty()) {
                    continue;
                }
                try (PathFd fd = found.get()) {
                    Path at = Path.of(fd.currentPath()); // only checked, never used to reach the directory
                    if (!at.startsWith(realRoot)) {
                        throw new dev.layerlab.runtime.error.InvalidArgumentException("--tmpfs " + destination
                                + " resolves outside the container's root filesystem");
                    }
                    Path inRoot = Path.of("/").resolve(realRoot.relativize(at)).resolve(existing.relativize(asked));
                    if (inRoot.getNameCount() > 0) {
                        ContainerMounts.checkDestination(inRoot.toString());
                    }
                }
            }
        }
    }

    /**
     * A tmpfs inside a volume or bind of the same container is refused: other processes (another container, the
     * sandbox's shell) can change the path there while runc resolves and mounts it, which is how runc 1.1.5's
     * mount races are won (docs/security.md). A tmpfs at the mount's own destination replaces it, as in Docker.
     */
    static void refuseInsideMounts(Collection<String> destinations, List<MountRequest> asked, List<String> imageVolumes) {
        Map<Path, String> mounts = new java.util.LinkedHashMap<>();
        imageVolumes.forEach(v -> mounts.put(Path.of(v).normalize(), "volume"));
        asked.forEach(m -> mounts.put(Path.of(m.destination()).normalize(),
                m.kind() == MountRequest.Kind.BIND ? "bind" : "volume"));
        for (String destination : destinations) {
            Path t = Path.of(destination).normalize();
            mounts.forEach((d, kind) -> {
                if (t.startsWith(d) && !t.equals(d)) {
                    throw new dev.layerlab.runtime.error.InvalidArgumentException("--tmpfs " + destination
                            + " is refused in this playground: it is inside the " + kind + " at " + d
                            + ", which other processes can change while the container starts");
                }
            });
        }
    }

    /** A missing part that is a symlink to nothing: where runc would make the directory is not for us to check. */
    private static void refuseDanglingLink(TreeRoot root, Path part, String destination) throws IOException {
        try (PathFd link = root.resolveNoFollow(part.toString())) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("--tmpfs " + destination + ": " + part
                    + " is a symlink to nothing in the container's root filesystem");
        } catch (dev.layerlab.runtime.sys.ErrnoException e) {
            if (e.errno() != dev.layerlab.runtime.sys.ErrnoException.ENOENT && e.errno() != dev.layerlab.runtime.sys.ErrnoException.ENOTDIR) {
                throw e;
            }
        }
    }

    static List<TmpfsMount> of(Map<String, String> asked, long memoryLimitBytes) {
        List<TmpfsMount> out = new ArrayList<>();
        asked.forEach((destination, opts) -> out.add(new TmpfsMount(Path.of(destination).normalize().toString(),
                options(opts, memoryLimitBytes))));
        return out;
    }

    /** The cap of a container without a memory limit of its own (its sandbox's cgroup still bounds it). */
    static final long CAP_WITHOUT_MEMORY_LIMIT = 256L << 20;

    static List<String> options(String asked, long memoryLimitBytes) {
        List<String> out = new ArrayList<>(List.of("nosuid", "nodev"));
        boolean exec = false;
        long size = memoryLimitBytes > 0 ? memoryLimitBytes : CAP_WITHOUT_MEMORY_LIMIT;
        for (String o : asked.isEmpty() ? new String[0] : asked.split(",")) {
            if (o.startsWith("size=")) {
                size = Math.min(size, sizeBytes(o.substring(5)));
            } else if (o.equals("exec")) {
                exec = true;
            } else if (o.equals("noexec")) {
                exec = false;
            } else if (!o.equals("nosuid") && !o.equals("nodev")) {
                out.add(o);
            }
        }
        out.add(exec ? "exec" : "noexec");
        out.add("size=" + size);
        return out;
    }

    /** A tmpfs size: bytes, or with k/m/g (either case), as mount(8) takes it. */
    static long sizeBytes(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v > 0 && v <= Long.MAX_VALUE / unit) {
                return v * unit;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new dev.layerlab.runtime.error.InvalidArgumentException("invalid tmpfs size: " + text);
    }
}
