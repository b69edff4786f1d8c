package dev.layerlab.runtime.container;

import dev.layerlab.runtime.layer.LayerTars;
import dev.layerlab.runtime.snapshot.ContainerFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes from a stopped container's writable layer what runc made only to mount something on, and the parent
 * directories overlay copied up for them, before the writable layer becomes an image layer (commit, a build's RUN).
 * The standard mount points are in the container's {@link InitLayer} and never reach the upper directory; what is
 * left here is a volume's or tmpfs's mount point, a stub the init layer had to leave out, and the stubs of a
 * container that first started before init layers existed. Anything at a mount point was hidden by the mount while
 * the container ran, so it cannot be the container's own work.
 */
public final class MountPointStubs {
    /** Where every container gets a mount (see the OCI spec writer and {@link EtcFiles}). */
    static final List<String> STANDARD = List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
            "/sys/fs/cgroup", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf");

    private MountPointStubs() {
    }

    /** Prunes the stubs of {@code container}'s mounts from the upper directory of {@code fs}. */
    public static void prune(ContainerRecord container, ContainerFs fs) throws IOException {
        List<String> points = new ArrayList<>(STANDARD);
        container.mounts().forEach(m -> points.add(m.destination()));
        if (container.config().init()) {
            points.add(DockerInit.PATH);
        }
        prune(fs.upper(), fs.lowersTopFirst(container.layerDirsTopFirst()), points);
    }

    static void prune(Path upper, List<Path> lowersTopFirst, Collection<String> mountPoints) throws IOException {
        for (String point : mountPoints) {
            Path stub = upper.resolve(point.substring(1));
            if (isEmptyStub(stub)) {
                Files.delete(stub);
                pruneCopiedUpParents(upper, stub.getParent(), lowersTopFirst);
            }
        }
    }

    private static boolean isEmptyStub(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return false;
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Files.size(p) == 0;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(p)) {
                return entries.findAny().isEmpty() && !LayerTars.isOpaqueDirectory(p);
            }
        }
        return false;
    }

    /** Deletes now-empty parents that are plain copies of the lower directory (or that no lower has). */
    private static void pruneCopiedUpParents(Path upper, Path dir, List<Path> lowers) throws IOException {
        while (dir != null && !dir.equals(upper) && isEmptyStub(dir)) {
            String relative = upper.relativize(dir).toString();
            Path lower = lowers.stream().map(l -> l.resolve(relative)).filter(Files::isDirectory).findFirst().orElse(null);
            if (lower != null && !sameOwnerAndMode(dir, lower)) {
                return; // a chmod/chown of the directory itself: a real change
            }
            Files.delete(dir);
            dir = dir.getParent();
        }
    }

    private static boolean sameOwnerAndMode(Path a, Path b) throws IOException {
        PosixFileAttributes x = Files.readAttributes(a, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes y = Files.readAttributes(b, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return x.permissions().equals(y.permissions()) && x.owner().equals(y.owner()) && x.group().equals(y.group());
    }
}
