package dev.layerlab.runtime.disk;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.Mounts;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One sandbox's disk: a sparse file holding an ext4 filesystem exactly the size of the sandbox's quota,
 * mounted through a loop device at a directory of the engine's. Whatever a process of the sandbox writes
 * there (its containers' writable layers, volumes, logs, build contexts) meets ENOSPC at the quota, from
 * the kernel, whatever path it writes by.
 *
 * <p>Why a loop filesystem: the host's data directory is ext4 without project quotas and cannot be
 * remounted with them, so the only quota the kernel enforces per directory tree is a filesystem of its
 * own. One per sandbox (rather than one XFS image with project quotas for all) needs nothing but
 * e2fsprogs and util-linux, keeps sandboxes apart even in how full they are, and removing a sandbox is one
 * unmount and one file deletion. The filesystem has no journal (sandboxes never outlive the server, and a
 * crash discards their disks, so there is nothing to replay) and no reserved blocks; its inode tables are
 * never zeroed ({@code lazy_itable_init} at mkfs, {@code noinit_itable} at mount: a fresh filesystem marks
 * them unused), so making one writes about 3 MB and takes about 10 ms. It is mounted with {@code discard},
 * so files deleted inside give their blocks back to the host. The loop device is set up by {@code mount -o
 * loop} with autoclear: unmounting releases it. The kernel never mounts an image a learner could have
 * crafted: only the engine writes this file, through the mounted filesystem, and a leftover image from an
 * earlier run is deleted, never mounted again.
 */
public final class LoopDisk {
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final String MKFS_FEATURES = "^has_journal";

    private final Path image;
    private final Path root;
    private final long sizeBytes;

    private LoopDisk(Path image, Path root, long sizeBytes) {
        this.image = image;
        this.root = root;
        this.sizeBytes = sizeBytes;
    }

    /** Makes the sparse image {@code image} of {@code sizeBytes}, formats it and mounts it at {@code mountPoint}. */
    public static LoopDisk create(Path image, Path mountPoint, long sizeBytes) throws IOException {
        Files.createDirectories(image.getParent());
        Files.createDirectory(mountPoint);
        try {
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(sizeBytes); // sparse: the host gives blocks only as the sandbox writes
            }
            run("mkfs.ext4", "-q", "-F", "-b", "4096", "-m", "0", "-O", MKFS_FEATURES,
                    "-E", "nodiscard,lazy_itable_init=1", image.toString());
            run("mount", "-t", "ext4", "-o", "loop,discard,noinit_itable,noatime", image.toString(), mountPoint.toString());
        } catch (IOException | RuntimeException e) {
            release(image, mountPoint);
            throw e;
        }
        return new LoopDisk(image, mountPoint, sizeBytes);
    }

    /** Where the disk is mounted. */
    public Path root() {
        return root;
    }

    public Path image() {
        return image;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** Bytes in use on the disk: its blocks that are not free (statfs). */
    public long usedBytes() {
        try {
            FileStore store = Files.getFileStore(root);
            return store.getTotalSpace() - store.getUnallocatedSpace();
        } catch (IOException e) {
            throw new EngineException("cannot measure the sandbox disk at " + root + ": " + e.getMessage(), e);
        }
    }

    /** Unmounts the disk (and whatever is still mounted inside it), releases its loop device, deletes it. */
    public void remove() throws IOException {
        release(image, root);
    }

    /**
     * Releases every disk under {@code dir}, mounted or not, with its loop devices: what a killed server
     * left. Only this directory's, so engines sharing a host leave each other's disks alone.
     */
    public static void releaseAll(Path dir) throws IOException {
        for (String id : idsUnder(dir)) {
            release(dir.resolve(id + ".img"), dir.resolve(id));
        }
    }

    /** The ids of the disks {@link #releaseAll} would release (the names of their images and mount points). */
    public static List<String> idsUnder(Path dir) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String id = name.endsWith(".img") ? name.substring(0, name.length() - 4) : name;
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static void release(Path image, Path mountPoint) throws IOException {
        List<Path> mounts = Mounts.mountPointsUnder(mountPoint);
        for (Path p : mounts) {
            if (p.equals(mountPoint.toAbsolutePath().normalize())) {
                try {
                    Mounts.unmountNow(p); // at once, so the loop device (autoclear) is free when this returns
                } catch (IOException busy) {
                    Mounts.unmountIfMounted(p); // still in use: detached now, released when the last user goes
                }
            } else {
                Mounts.unmountIfMounted(p); // what a crash left inside: overlays, volumes, views
            }
        }
        for (Path loop : loopDevicesOf(image)) {
            tryRun("losetup", "-d", loop.toString()); // set up but never mounted (a crash in between)
        }
        Files.deleteIfExists(image);
        if (Files.isDirectory(mountPoint) && Mounts.mountPointsUnder(mountPoint).isEmpty()) {
            AtomicFiles.deleteTree(mountPoint); // nothing mounted in it any more: only its own files
        }
    }

    /** Loop devices whose backing file is {@code image}, from /sys/block/loop{@literal *}/loop/backing_file. */
    static List<Path> loopDevicesOf(Path image) throws IOException {
        String wanted = image.toAbsolutePath().normalize().toString();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> blocks = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path b : blocks) {
                Path backing = b.resolve("loop").resolve("backing_file");
                if (!Files.isReadable(backing)) {
                    continue;
                }
                String file;
                try {
                    file = Files.readString(backing, StandardCharsets.UTF_8).strip();
                } catch (IOException gone) {
                    continue; // released meanwhile
                }
                if (file.equals(wanted) || file.equals(wanted + " (deleted)")) {
                    found.add(Path.of("/dev").resolve(b.getFileName()));
                }
            }
        }
        return found;
    }

    private static void tryRun(String... argv) {
        try {
            run(argv);
        } catch (RuntimeException | IOException e) {
            // already gone
        }
    }

    private static void run(String... argv) throws IOException {
        List<String> command = new ArrayList<>(List.of(argv));
        command.set(0, locate(argv[0]));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int exit = p.waitFor();
            if (exit != 0) {
                throw new EngineException(String.join(" ", argv) + " failed (exit " + exit + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while running " + argv[0], e);
        }
    }

    private static String locate(String program) {
        for (String dir : SEARCH) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }
}
