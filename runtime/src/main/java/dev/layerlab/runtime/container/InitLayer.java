package dev.layerlab.runtime.container;

import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.LayerLookup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's init layer, as Docker's {@code <id>-init}: the empty files and directories that the engine and runc
 * mount on ({@link MountPointStubs#STANDARD}, and {@code /sbin/docker-init} with {@code --init}), in a read-only
 * layer between the image's layers and the container's own upper directory. runc then finds every mount point in
 * place and writes nothing into the upper directory, so {@code docker diff} and {@code docker commit} hold only what
 * the container's processes (or {@code docker cp}) changed.
 *
 * <p>Written once, before the container's first start, by the engine into the container's own directory (no
 * learner reaches it: it is never a mount's upper layer). Like the image's layers it is owned by ids 0 on disk, which
 * the idmapped mount shows as the sandbox's root. A stub whose parent in the image is not a directory (a
 * merged-/usr image's {@code /sbin -> usr/sbin}) is left out: a directory here would hide the image's link; runc
 * makes that mount point in the upper directory as before.
 */
final class InitLayer {
    private static final List<String> DIRECTORIES = List.of("/proc", "/sys", "/dev", "/dev/pts", "/dev/shm");
    private static final List<String> FILES = List.of("/etc/hosts", "/etc/hostname", "/etc/resolv.conf");

    private InitLayer() {
    }

    /** Makes {@code init} for {@code rec} unless it exists; all or nothing (made aside, then renamed). */
    static void ensure(Path init, ContainerRecord rec) throws IOException {
        if (Files.isDirectory(init, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> files = new ArrayList<>(FILES);
        if (rec.config().init()) {
            files.add(DockerInit.PATH);
        }
        Path aside = init.resolveSibling(init.getFileName() + ".new");
        AtomicFiles.deleteTree(aside); // a crash's leftover
        Files.createDirectory(aside);
        try {
            for (String dir : DIRECTORIES) {
                // the directory itself too: an image's /dev that is a symlink stays visible, and is refused at start
                if (parentsAreDirectories(dir + "/", rec.layerDirsTopFirst())) {
                    Files.createDirectories(aside.resolve(dir.substring(1)));
                }
            }
            for (String file : files) {
                if (parentsAreDirectories(file, rec.layerDirsTopFirst())) {
                    Path stub = aside.resolve(file.substring(1));
                    Files.createDirectories(stub.getParent());
                    Files.createFile(stub, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                }
            }
            Files.move(aside, init, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(aside);
            throw e;
        }
    }

    /** Every parent of {@code path} is a directory where the image has it (or the image lacks it). */
    private static boolean parentsAreDirectories(String path, List<Path> layersTopFirst) throws IOException {
        String parent = path.substring(0, path.lastIndexOf('/'));
        while (!parent.isEmpty()) {
            int layer = LayerLookup.whichLayer(parent, layersTopFirst);
            if (layer >= 0 && !Files.isDirectory(layersTopFirst.get(layer).resolve(parent.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            parent = parent.substring(0, parent.lastIndexOf('/'));
        }
        return true;
    }
}
