package dev.layerlab.runtime.fs;

import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
