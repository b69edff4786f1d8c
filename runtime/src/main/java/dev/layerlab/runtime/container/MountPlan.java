package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.layer.RootedPath;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.volume.Volume;
import dev.layerlab.runtime.volume.VolumeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Docker's volume rules: which mounts a container gets, how an empty volume is filled, mount order. */
final class MountPlan {
    private MountPlan() {
    }

    /** Resolves requested mounts and the image's VOLUMEs (anonymous unless something is mounted there). */
    static List<ResolvedMount> resolve(List<MountRequest> requests, List<String> imageVolumes, VolumeStore volumes,
                                       BindResolver binds) throws IOException {
        List<ResolvedMount> mounts = new ArrayList<>();
        Set<String> destinations = new HashSet<>();
        for (MountRequest r : requests) {
            String dst = normalise(r.destination());
            ContainerMounts.checkDestination(dst);
            if (!destinations.add(dst)) {
                throw new InvalidArgumentException("Duplicate mount point: " + dst);
            }
            mounts.add(switch (r.kind()) {
                case VOLUME -> volumeMount(volumes.create(r.source(), null), dst, r.readOnly());
                case ANONYMOUS -> volumeMount(volumes.create(null, null), dst, r.readOnly());
                case BIND -> bindMount(r, dst, binds);
            });
        }
        for (String v : imageVolumes) {
            String dst = normalise(v);
            if (destinations.add(dst)) {
                mounts.add(volumeMount(volumes.create(null, null), dst, false));
            }
        }
        return List.copyOf(mounts);
    }

    /**
     * Checks (and makes, if missing) the bind source now, so {@code docker create} fails early as
     * Docker's does; the source is resolved again at every start, by {@link ContainerMounts}.
     */
    private static ResolvedMount bindMount(MountRequest r, String dst, BindResolver binds) throws IOException {
        try (PathFd ignored = binds.open(r.source())) {
            return new ResolvedMount(MountRequest.Kind.BIND, r.source(), Path.of(r.source()), dst, r.readOnly());
        }
    }

    private static ResolvedMount volumeMount(Volume v, String dst, boolean readOnly) {
        return new ResolvedMount(v.anonymous() ? MountRequest.Kind.ANONYMOUS : MountRequest.Kind.VOLUME, v.name(),
                v.mountpoint(), dst, readOnly);
    }

    private static String normalise(String destination) {
        return Path.of(destination).normalize().toString();
    }

    /** Fills of one volume never overlap: one fill's links could otherwise steer another's writes. */
    private static final Object[] FILL_LOCKS = new Object[64];

    static {
        java.util.Arrays.setAll(FILL_LOCKS, i -> new Object());
    }

    /**
     * An empty volume takes a copy of what the image has at its mount path, the first time it is
     * mounted (Docker's copy-up); a bind mount never does, so it hides the image's files. The copy
     * follows no link inside (cp -a), and it is made only while nothing else can write into the
     * volume: not while a running container ({@code inUseByRunning}) has it, and one fill at a time.
     */
    static void fillEmptyVolumes(List<ResolvedMount> mounts, Path rootfs, Predicate<String> inUseByRunning)
            throws IOException {
        for (ResolvedMount m : mounts) {
            if (!m.isVolume()) {
                continue;
            }
            synchronized (FILL_LOCKS[Math.floorMod(m.source().hashCode(), FILL_LOCKS.length)]) {
                if (inUseByRunning.test(m.name()) || !isEmptyDir(m.source())) {
                    continue;
                }
                Path inImage = RootedPath.resolve(rootfs, m.destination());
                if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS) || isEmptyDir(inImage)) {
                    continue;
                }
                copyTree(inImage, m.source());
            }
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** {@code cp -a} keeps owners, modes, links, xattrs and special files exactly; it never follows links inside. */
    private static void copyTree(Path from, Path to) throws IOException {
        Process p = new ProcessBuilder("cp", "-a", "--", from + "/.", to.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("filling volume from " + from + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while filling a volume", e);
        }
    }
}
