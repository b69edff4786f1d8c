package dev.layerlab.runtime.fs;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.sys.PathCalls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directory whose contents a learner controls, held open by descriptor; every path is resolved
 * inside it by the kernel as if the directory were {@code /} ({@code RESOLVE_IN_ROOT}): absolute
 * symlinks restart at it, {@code ..} stops at it, {@code /proc/self/...} magic links are refused.
 * Results are {@link PathFd}s, used as they are: nothing is looked up by name a second time.
 */
public final class TreeRoot implements AutoCloseable {
    private static final long IN_ROOT = PathCalls.RESOLVE_IN_ROOT | PathCalls.RESOLVE_NO_MAGICLINKS;
    private static final long BENEATH = PathCalls.RESOLVE_BENEATH | PathCalls.RESOLVE_NO_MAGICLINKS;
    /**
     * openat2 answers EAGAIN when a rename anywhere raced its walk of {@code ..} (the kernel cannot then
     * prove it stayed inside): tried again, a bounded number of times, against a learner renaming in a loop.
     */
    private static final int MAX_EAGAIN = 10_000;
    private static final int PATH = PathCalls.O_PATH | PathCalls.O_CLOEXEC;
    /** Bounds a mkdir -p racing a learner who removes what we just made. */
    private static final int MAX_RETRIES = 64;

    private final PathFd root;
    private final Path dir;
    private final long confinement;

    private TreeRoot(PathFd root, Path dir, long confinement) {
        this.root = root;
        this.dir = dir;
        this.confinement = confinement;
    }

    /**
     * The tree below the directory {@code dir} holds (a descriptor found inside another tree), stricter than
     * {@link #open}: a symlink whose target is absolute or climbs above {@code dir} is refused
     * ({@code RESOLVE_BENEATH}, EXDEV) rather than followed. {@code dir} stays its caller's to close.
     */
    public static TreeRoot beneath(PathFd dir) throws IOException {
        int fd = PathCalls.openat(dir.number(), ".", PathCalls.O_PATH | PathCalls.O_DIRECTORY | PathCalls.O_CLOEXEC, 0);
        return new TreeRoot(new PathFd(fd, dir.toString()), Path.of(dir.toString()), BENEATH);
    }

    /** Opens {@code dir}, a path the engine owns (its last component is not followed). */
    public static TreeRoot open(Path dir) throws IOException {
        PathFd fd = PathFd.ofTrusted(dir);
        if (!fd.isDirectory()) {
            fd.close();
            throw new IOException(dir + " is not a directory");
        }
        return new TreeRoot(fd, dir, IN_ROOT);
    }

    public Path dir() {
        return dir;
    }

    /** The file at {@code path}, every symlink followed inside the root (like stat). */
    public PathFd resolve(String path) throws IOException {
        return new PathFd(openat2(relative(path), PATH), path);
    }

    /** The file at {@code path}, a symlink at the end returned itself (like lstat). */
    public PathFd resolveNoFollow(String path) throws IOException {
        return new PathFd(openat2(relative(path), PATH | PathCalls.O_NOFOLLOW), path);
    }

    private int openat2(String relative, int flags) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return PathCalls.openat2(root.number(), relative, flags, confinement);
            } catch (ErrnoException e) {
                if (e.errno() != ErrnoException.EAGAIN || attempt >= MAX_EAGAIN) {
                    throw e;
                }
            }
        }
    }

    /** Like {@link #resolve}, or empty if nothing is there. */
    public Optional<PathFd> find(String path) throws IOException {
        try {
            return Optional.of(resolve(path));
        } catch (ErrnoException e) {
            if (PathFd.isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The directory at {@code path}, made (mode 0755) where components are missing, as
     * {@code mkdir -p} inside the root; whatever is there already (a file too) is returned as found.
     */
    public PathFd makeDirectories(String path) throws IOException {
        List<String> parts = parts(path);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<PathFd> found = find(path);
            if (found.isPresent()) {
                return found.get();
            }
            makeMissing(parts);
        }
        throw new IOException("could not create " + path + ": it kept disappearing");
    }

    /** The file at {@code path}, made empty (mode 0644) if missing, its parent directories too. */
    public PathFd makeFile(String path) throws IOException {
        List<String> parts = parts(path);
        if (parts.isEmpty() || parts.getLast().equals("..")) {
            throw new InvalidArgumentException("not a file name: " + path);
        }
        String name = parts.getLast();
        String parent = "/" + String.join("/", parts.subList(0, parts.size() - 1));
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Optional<PathFd> found = find(path);
            if (found.isPresent()) {
                return found.get();
            }
            try (PathFd dirFd = makeDirectories(parent)) {
                requireDirectory(dirFd, parent);
                createIfMissing(dirFd, name);
            }
        }
        throw new IOException("could not create " + path + ": it kept disappearing");
    }

    private void makeMissing(List<String> parts) throws IOException {
        PathFd parent = resolve("/");
        try {
            for (int i = 0; i < parts.size(); i++) {
                String prefix = "/" + String.join("/", parts.subList(0, i + 1));
                Optional<PathFd> next = find(prefix);
                if (next.isEmpty()) {
                    requireDirectory(parent, prefix);
                    try {
                        PathCalls.mkdirat(parent.number(), parts.get(i), 0755);
                    } catch (ErrnoException e) {
                        if (e.errno() != ErrnoException.EEXIST) {
                            throw e;
                        }
                    }
                    next = find(prefix);
                    if (next.isEmpty()) {
                        return; // made and already gone (or a dangling link made meanwhile): start again
                    }
                }
                parent.close();
                parent = next.get();
            }
        } finally {
            parent.close();
        }
    }

    private static void createIfMissing(PathFd dirFd, String name) throws IOException {
        try {
            int fd = PathCalls.openat(dirFd.number(), name, PathCalls.O_CREAT | PathCalls.O_EXCL | PathCalls.O_WRONLY
                    | PathCalls.O_NOFOLLOW | PathCalls.O_CLOEXEC, 0644);
            new PathFd(fd, name).close();
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EEXIST) {
                throw e;
            }
        }
    }

    private static void requireDirectory(PathFd fd, String path) throws IOException {
        if (!fd.isDirectory()) {
            throw new InvalidArgumentException("not a directory: " + path);
        }
    }

    private static String relative(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? "." : p;
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() {
        root.close();
    }
}
