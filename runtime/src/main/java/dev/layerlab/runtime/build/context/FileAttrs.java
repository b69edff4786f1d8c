package dev.layerlab.runtime.build.context;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat and the l* setters for copied files: links are never followed. */
record FileAttrs(int mode, int uid, int gid, long size, FileTime mtime, int nlink, Object fileKey) {
    static final int S_IFMT = 0170000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFIFO = 0010000;

    static FileAttrs of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,nlink,fileKey",
                LinkOption.NOFOLLOW_LINKS);
        return new FileAttrs((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), (Integer) a.get("nlink"), a.get("fileKey"));
    }

    /** Like {@link #of}, null when nothing is there. */
    static FileAttrs ofOrNull(Path path) throws IOException {
        try {
            return of(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    int type() {
        return mode & S_IFMT;
    }

    int permissions() {
        return mode & 07777;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    boolean isRegular() {
        return type() == S_IFREG;
    }

    boolean isSymlink() {
        return type() == S_IFLNK;
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
