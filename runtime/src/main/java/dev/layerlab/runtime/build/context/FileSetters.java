package dev.layerlab.runtime.build.context;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** The l* setters for copied files: links are never followed (lstat is {@link dev.layerlab.runtime.layer.FileStat}). */
final class FileSetters {
    private FileSetters() {
    }

    static void lchown(Path path, int uid, int gid) throws IOException {
        try {
            LibC.INSTANCE.lchown(path.toString(), uid, gid);
        } catch (LastErrorException e) {
            throw new IOException("lchown " + path + ": " + Syscalls.describe(e), e);
        }
    }

    /** chmod(2), which keeps setuid/setgid/sticky; never called on a symlink. */
    static void chmod(Path path, int mode) throws IOException {
        try {
            LibC.INSTANCE.chmod(path.toString(), mode & 07777);
        } catch (LastErrorException e) {
            throw new IOException("chmod " + path + ": " + Syscalls.describe(e), e);
        }
    }

    /** Sets atime and mtime to {@code time}, of a symlink itself if it is one. */
    static void setTimes(Path path, FileTime time) throws IOException {
        long nanos = time.to(java.util.concurrent.TimeUnit.NANOSECONDS);
        long[] times = {Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L),
                Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)};
        try {
            LibC.INSTANCE.utimensat(LibC.AT_FDCWD, path.toString(), times, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new IOException("setting times of " + path + ": " + Syscalls.describe(e), e);
        }
    }
}
