package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.layer.RootedPath;
import dev.layerlab.runtime.runc.ContainerSpec.BindMount;
import dev.layerlab.runtime.volume.Volume;
import dev.layerlab.runtime.volume.VolumeStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
            if (!destinations.add(dst)) {
                throw new InvalidArgumentException("Duplicate mount point: " + dst);
            }
            mounts.add(switch (r.kind()) {
                case VOLUME -> volumeMount(volumes.create(r.source(), null), dst, r.readOnly());
                case ANONYMOUS -> volumeMount(volumes.create(null, null), dst, r.readOnly());
                case BIND -> new ResolvedMount(MountRequest.Kind.BIND, r.source(), binds.resolve(r.source()), dst, r.readOnly());
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

    private static ResolvedMount volumeMount(Volume v, String dst, boolean readOnly) {
        return new ResolvedMount(v.anonymous() ? MountRequest.Kind.ANONYMOUS : MountRequest.Kind.VOLUME, v.name(),
                v.mountpoint(), dst, readOnly);
    }

    private static String normalise(String destination) {
        return Path.of(destination).normalize().toString();
    }

    /**
     * An empty volume takes a copy of what the image has at its mount path, the first time it is
     * mounted (Docker's copy-up); a bind mount never does, so it hides the image's files.
     */
    static void fillEmptyVolumes(List<ResolvedMount> mounts, Path rootfs) throws IOException {
        for (ResolvedMount m : mounts) {
            if (!m.isVolume() || !isEmptyDir(m.source())) {
                continue;
            }
            Path inImage = RootedPath.resolve(rootfs, m.destination());
            if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS) || isEmptyDir(inImage)) {
                continue;
            }
            copyTree(inImage, m.source());
        }
    }

    /**
     * A mount nested in another (e.g. {@code -v feedback:/app/feedback} under {@code -v $(pwd):/app:ro})
     * needs its mount point inside the outer mount's source; made beforehand, so a read-only outer
     * mount still works. As with Docker, the empty directory shows in the outer source.
     */
    static void createNestedMountPoints(List<ResolvedMount> mounts) throws IOException {
        for (ResolvedMount inner : mounts) {
            Path innerDst = Path.of(inner.destination());
            ResolvedMount parent = null;
            for (ResolvedMount outer : mounts) {
                Path outerDst = Path.of(outer.destination());
                if (outer != inner && innerDst.startsWith(outerDst) && !innerDst.equals(outerDst)
                        && (parent == null || outerDst.getNameCount() > Path.of(parent.destination()).getNameCount())) {
                    parent = outer;
                }
            }
            if (parent != null) {
                String rest = Path.of(parent.destination()).relativize(innerDst).toString();
                Path point = RootedPath.resolve(parent.source(), rest);
                if (!Files.exists(point, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(point);
                }
            }
        }
    }

    /** Bind mounts for the OCI spec, parents before children, so the longer path wins where they nest. */
    static List<BindMount> specMounts(List<ResolvedMount> mounts) {
        return mounts.stream()
                .sorted(Comparator.comparingInt((ResolvedMount m) -> Path.of(m.destination()).getNameCount()))
                .map(m -> new BindMount(m.source(), m.destination(), m.readOnly()))
                .toList();
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
