package dev.layerlab.runtime.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat(2) of one path: the JDK's "unix:" view gives the raw mode bits, which is how devices and FIFOs show up. */
record FileStat(int mode, int uid, int gid, long dev, long ino, int nlink, long rdev, long size, FileTime mtime) {
    static final int S_IFMT = 0170000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFLNK = 0120000;
    static final int S_IFREG = 0100000;
    static final int S_IFBLK = 0060000;
    static final int S_IFDIR = 0040000;
    static final int S_IFCHR = 0020000;
    static final int S_IFIFO = 0010000;

    private static final String ATTRIBUTES = "unix:mode,uid,gid,dev,ino,nlink,rdev,size,lastModifiedTime";

    /** Never follows a symlink at {@code path}. */
    static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"), (Long) a.get("rdev"),
                (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
    }

    /** Like {@link #of} but null when nothing is there. */
    static FileStat ofOrNull(Path path) throws IOException {
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

    boolean isFifo() {
        return type() == S_IFIFO;
    }

    /** overlayfs marks a deleted lower path with a char device 0/0 in the upper layer. */
    boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }
}
