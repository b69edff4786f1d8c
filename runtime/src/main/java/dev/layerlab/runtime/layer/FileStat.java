package dev.layerlab.runtime.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** lstat(2) of one path: the JDK's "unix:" view gives the raw mode bits, which is how devices and FIFOs show up. */
public record FileStat(int mode, int uid, int gid, long dev, long ino, int nlink, long rdev, long size, FileTime mtime) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    private static final String ATTRIBUTES = "unix:mode,uid,gid,dev,ino,nlink,rdev,size,lastModifiedTime";

    /** Never follows a symlink at {@code path}. */
    public static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"), (Long) a.get("rdev"),
                (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
    }

    /** Like {@link #of} but null when nothing is there. */
    public static FileStat ofOrNull(Path path) throws IOException {
        try {
            return of(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public int type() {
        return mode & S_IFMT;
    }

    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isFifo() {
        return type() == S_IFIFO;
    }

    /** Identifies the file (device and inode), so hard links to one file can be recognised. */
    public java.util.List<Long> fileKey() {
        return java.util.List.of(dev, ino);
    }

    /** overlayfs marks a deleted lower path with a char device 0/0 in the upper layer. */
    public boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }
}
