package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Extracts a tar into a directory others may change while it runs (docker cp into a volume or bind that
 * another container or the sandbox shell writes), by descriptor only: each entry's parent is resolved
 * below the target directory's descriptor at that moment ({@link TreeRoot#beneath}: a symlink that is
 * absolute or climbs above it is refused, never followed), and the entry is made with *at calls
 * relative to that parent's descriptor, its metadata set on its own descriptor. A swap of a directory
 * for a symlink can then only fail the copy, never steer a write elsewhere. Whiteouts mean nothing here
 * (docker cp writes {@code .wh.} names as files, as dockerd does).
 */
final class FdExtractor {
    /** Bounds the recursion of removing a directory an entry replaces. */
    private static final int MAX_DEPTH = 512;

    private record DirTime(String name, long seconds, int nanos) {
    }

    private final TreeRoot target;
    private final IdRange ids;
    private final List<DirTime> dirTimes = new ArrayList<>();

    private FdExtractor(TreeRoot target, IdRange ids) {
        this.target = target;
        this.ids = ids;
    }

    static void extract(Path blob, PathFd dir, IdRange ids) throws IOException {
        LayerScan.validate(blob, Long.MAX_VALUE);
        try (TreeRoot target = TreeRoot.beneath(dir)) {
            FdExtractor x = new FdExtractor(target, ids);
            LayerScan.forEach(blob, x::entry);
            x.finish();
        }
    }

    private void entry(TarHeader h, String name, InputStream content) throws IOException {
        if (name.isEmpty()) {
            try (PathFd self = target.resolve("/")) {
                setMetadata(self, h);
            }
            dirTimes.add(new DirTime("", h.mtimeSeconds(), h.mtimeNanos()));
            return;
        }
        String parentName = EntryNames.parent(name);
        String base = EntryNames.base(name);
        try (PathFd parent = target.makeDirectories(parentName)) {
            if (!parent.isDirectory()) {
                throw new InvalidArgumentException("cannot extract " + h.name() + ": " + parentName + " is not a directory");
            }
            boolean keepDirectory = false;
            Optional<PathFd> existing = childOf(parent, base);
            if (existing.isPresent()) {
                try (PathFd old = existing.get()) {
                    keepDirectory = h.type() == TarHeader.Type.DIRECTORY && isDirectory(old);
                }
                if (!keepDirectory) {
                    removeTree(parent, base, 0);
                }
            }
            make(h, parent, base, content, keepDirectory);
            if (h.type() == TarHeader.Type.HARDLINK) {
                return; // shares its target's inode, metadata included
            }
            try (PathFd made = parent.child(base)) {
                if (typeOf(made) != expectedType(h)) {
                    throw new IOException("cannot extract " + h.name() + ": it was replaced while being written");
                }
                setMetadata(made, h);
                if (h.type() == TarHeader.Type.SYMLINK) {
                    setTimes(parent.number(), base, LibC.AT_SYMLINK_NOFOLLOW, h.mtimeSeconds(), h.mtimeNanos());
                } else if (h.type() == TarHeader.Type.DIRECTORY) {
                    dirTimes.add(new DirTime(name, h.mtimeSeconds(), h.mtimeNanos()));
                } else {
                    setTimes(LibC.AT_FDCWD, made.procPath().toString(), 0, h.mtimeSeconds(), h.mtimeNanos());
                }
            }
        }
    }

    private void make(TarHeader h, PathFd parent, String base, InputStream content, boolean keepDirectory)
            throws IOException {
        int dir = parent.number();
        switch (h.type()) {
            case DIRECTORY -> {
                if (!keepDirectory) {
                    PathCalls.mkdirat(dir, base, 0700);
                }
            }
            case FILE -> writeFile(dir, base, content);
            case SYMLINK -> PathCalls.symlinkat(h.linkName(), dir, base);
            case HARDLINK -> {
                try (PathFd linked = target.resolveNoFollow(h.linkName())) {
                    if (isDirectory(linked)) {
                        throw new InvalidArgumentException("layer entry \"" + h.name() + "\": hard link to a directory");
                    }
                    PathCalls.linkTo(linked.number(), dir, base);
                }
            }
            case FIFO -> PathCalls.mkfifoat(dir, base, 0600);
            default -> throw new IllegalStateException("entry type should have been refused: " + h.type());
        }
    }

    private static void writeFile(int dir, String base, InputStream content) throws IOException {
        int fd = PathCalls.openat(dir, base, PathCalls.O_CREAT | PathCalls.O_EXCL | PathCalls.O_WRONLY
                | PathCalls.O_NOFOLLOW | PathCalls.O_CLOEXEC, 0600);
        try {
            byte[] buf = new byte[64 * 1024];
            for (int n = content.read(buf); n > 0; n = content.read(buf)) {
                int off = 0;
                while (off < n) {
                    byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, n);
                    long wrote = LibC.INSTANCE.write(fd, chunk, n - off);
                    off += (int) wrote;
                }
            }
        } catch (LastErrorException e) {
            throw new ErrnoException("write " + base, e.getErrorCode());
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    /** Owner, mode and xattrs on the entry's own descriptor. chown first: it clears setuid bits and capabilities. */
    private void setMetadata(PathFd made, TarHeader h) throws IOException {
        int[] owner = Metadata.ownerOutside(h, ids);
        PathCalls.chownFd(made.number(), owner[0], owner[1]);
        if (h.type() == TarHeader.Type.SYMLINK) {
            return; // a symlink has no mode and no user xattrs of its own
        }
        String proc = made.procPath().toString();
        try {
            LibC.INSTANCE.chmod(proc, h.mode() & 07777);
            for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
                if (!x.getKey().startsWith("trusted.")) {
                    LibC.INSTANCE.setxattr(proc, x.getKey(), x.getValue(), x.getValue().length, 0);
                }
            }
        } catch (LastErrorException e) {
            throw new ErrnoException("setting the mode of " + h.name(), e.getErrorCode());
        }
    }

    /** Directory times last (their children bumped them); each found again below the target, never followed. */
    private void finish() throws IOException {
        for (DirTime d : dirTimes) {
            Optional<PathFd> found = d.name().isEmpty() ? Optional.of(target.resolve("/")) : findNoFollow(d.name());
            if (found.isEmpty()) {
                continue;
            }
            try (PathFd dir = found.get()) {
                if (isDirectory(dir)) {
                    setTimes(LibC.AT_FDCWD, dir.procPath().toString(), 0, d.seconds(), d.nanos());
                }
            }
        }
    }

    private Optional<PathFd> findNoFollow(String name) throws IOException {
        try {
            return Optional.of(target.resolveNoFollow(name));
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT || e.errno() == ErrnoException.ENOTDIR
                    || e.errno() == ErrnoException.EXDEV || e.errno() == ErrnoException.ELOOP) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<PathFd> childOf(PathFd dir, String name) throws IOException {
        try {
            return Optional.of(dir.child(name));
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** rm -rf of {@code name} in {@code dir}, by descriptor, never through a symlink. */
    private static void removeTree(PathFd dir, String name, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidArgumentException("cannot replace a directory nested deeper than " + MAX_DEPTH + " levels");
        }
        Optional<PathFd> found = childOf(dir, name);
        if (found.isEmpty()) {
            return;
        }
        try (PathFd child = found.get()) {
            if (isDirectory(child)) {
                for (String grandChild : child.childNames()) {
                    removeTree(child, grandChild, depth + 1);
                }
                try {
                    PathCalls.unlinkat(dir.number(), name, PathCalls.AT_REMOVEDIR);
                } catch (ErrnoException e) {
                    if (e.errno() != ErrnoException.ENOENT) {
                        throw e;
                    }
                }
                return;
            }
        }
        try {
            PathCalls.unlinkat(dir.number(), name, 0);
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.ENOENT) {
                throw e;
            }
        }
    }

    private static void setTimes(int dirFd, String path, int flags, long seconds, int nanos) throws IOException {
        long[] times = {seconds, nanos, seconds, nanos};
        try {
            LibC.INSTANCE.utimensat(dirFd, path, times, flags);
        } catch (LastErrorException e) {
            throw new ErrnoException("setting times of " + path, e.getErrorCode());
        }
    }

    static int typeOf(PathFd fd) throws IOException {
        return ((Integer) fd.attributes().get("mode")) & FileStat.S_IFMT;
    }

    private static boolean isDirectory(PathFd fd) throws IOException {
        return typeOf(fd) == FileStat.S_IFDIR;
    }

    private static int expectedType(TarHeader h) {
        return switch (h.type()) {
            case DIRECTORY -> FileStat.S_IFDIR;
            case FILE -> FileStat.S_IFREG;
            case SYMLINK -> FileStat.S_IFLNK;
            case FIFO -> FileStat.S_IFIFO;
            default -> -1;
        };
    }
}
