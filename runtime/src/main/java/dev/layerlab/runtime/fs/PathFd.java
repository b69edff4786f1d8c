package dev.layerlab.runtime.fs;

import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@code O_PATH} descriptor of one file or directory. It names that inode for as long as it is
 * open, whatever happens to the names around it; {@link #procPath()} reaches it through the
 * kernel's magic link, which the JDK may stat or open without any path lookup inside the tree.
 */
public final class PathFd implements AutoCloseable {
    private final int number;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    PathFd(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /**
     * A path the engine itself owns (a volume's data directory, a container's directory): no learner
     * controls its components, only what lies below. The last component is not followed.
     */
    public static PathFd ofTrusted(Path path) throws IOException {
        int fd = PathCalls.openat2(LibC.AT_FDCWD, path.toAbsolutePath().toString(),
                PathCalls.O_PATH | PathCalls.O_NOFOLLOW | PathCalls.O_CLOEXEC, PathCalls.RESOLVE_NO_MAGICLINKS);
        return new PathFd(fd, path.toString());
    }

    public int number() {
        return number;
    }

    /** {@code /proc/self/fd/N}: the JDK follows it to exactly this inode. */
    public Path procPath() {
        return Path.of("/proc/self/fd/" + number);
    }

    public boolean isDirectory() {
        return Files.isDirectory(procPath());
    }

    /**
     * This file's own lstat (mode with its type bits, owner, size, mtime): stat through the magic link
     * lands on exactly this inode, a symlink held with {@code O_NOFOLLOW} included, and goes no further.
     */
    public Map<String, Object> attributes() throws IOException {
        return Files.readAttributes(procPath(), "unix:mode,uid,gid,size,lastModifiedTime");
    }

    /** The child {@code name} of this directory, not followed if it is a symlink (it may be a mount point's root). */
    public PathFd child(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IOException("not a file name: " + name);
        }
        return new PathFd(PathCalls.openat(number, name, PathCalls.O_PATH | PathCalls.O_NOFOLLOW | PathCalls.O_CLOEXEC, 0),
                description + "/" + name);
    }

    /** The names in this directory, sorted. */
    public List<String> childNames() throws IOException {
        try (Stream<Path> s = Files.list(procPath())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** What the symlink this descriptor holds points to. */
    public String linkTarget() throws IOException {
        return PathCalls.readLinkFd(number);
    }

    /** The id of the mount this file is in ({@code mnt_id} of /proc/self/fdinfo). */
    public long mountId() throws IOException {
        return mountIdOf(number);
    }

    static long mountIdOf(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("mnt_id:")) {
                return Long.parseLong(line.substring("mnt_id:".length()).strip());
            }
        }
        throw new IOException("no mnt_id in /proc/self/fdinfo/" + fd);
    }

    /** Where the kernel says this file is now (for messages and tests; never used to reach it). */
    public String currentPath() {
        try {
            return Files.readSymbolicLink(procPath()).toString();
        } catch (IOException e) {
            return description;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LibC.INSTANCE.close(number);
            } catch (com.sun.jna.LastErrorException ignored) {
                // the descriptor is gone either way
            }
        }
    }

    static boolean isMissing(ErrnoException e) {
        return e.errno() == ErrnoException.ENOENT;
    }
}
