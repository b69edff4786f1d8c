package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * Descriptor-relative path and mount calls: openat2 (resolution confined to a root), mkdirat,
 * openat, renameat2, and the new mount API (open_tree, move_mount, mount_setattr) that mounts
 * from and onto descriptors instead of path strings. Package {@code fs} builds on these.
 */
public final class PathCalls {
    // The same numbers on x86_64 and aarch64: calls from 424 on share one table across architectures.
    private static final long SYS_OPEN_TREE = 428;
    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_OPENAT2 = 437;
    private static final long SYS_MOUNT_SETATTR = 442;

    public static final int O_WRONLY = 1;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_PATH = 0x200000;

    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_REMOVEDIR = 0x200;
    private static final int S_IFIFO = 0010000;
    private static final int OPEN_TREE_CLONE = 1;
    private static final int MOVE_MOUNT_F_EMPTY_PATH = 0x04;
    private static final int MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private static final int RENAME_EXCHANGE = 2;

    public static final long MOUNT_ATTR_RDONLY = 0x1;
    public static final long MOUNT_ATTR_IDMAP = 0x100000;
    public static final long MS_PRIVATE = 1 << 18;

    private PathCalls() {
    }

    /** openat2(2): {@code path} relative to {@code dirFd}, confined by {@code resolve} flags. */
    public static int openat2(int dirFd, String path, int flags, long resolve) throws ErrnoException {
        Memory how = new Memory(24); // struct open_how { u64 flags; u64 mode; u64 resolve; }
        how.setLong(0, flags & 0xffffffffL);
        how.setLong(8, 0);
        how.setLong(16, resolve);
        try {
            return (int) LibC.INSTANCE.syscall(SYS_OPENAT2, (long) dirFd, path, how, 24L);
        } catch (LastErrorException e) {
            throw new ErrnoException("openat2 " + path, e.getErrorCode());
        }
    }

    public static int openat(int dirFd, String name, int flags, int mode) throws ErrnoException {
        try {
            return LibC.INSTANCE.openat(dirFd, name, flags, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("openat " + name, e.getErrorCode());
        }
    }

    public static void mkdirat(int dirFd, String name, int mode) throws ErrnoException {
        try {
            LibC.INSTANCE.mkdirat(dirFd, name, mode);
        } catch (LastErrorException e) {
            throw new ErrnoException("mkdirat " + name, e.getErrorCode());
        }
    }

    public static void unlinkat(int dirFd, String name, int flags) throws ErrnoException {
        try {
            LibC.INSTANCE.unlinkat(dirFd, name, flags);
        } catch (LastErrorException e) {
            throw new ErrnoException("unlinkat " + name, e.getErrorCode());
        }
    }

    public static void symlinkat(String target, int dirFd, String name) throws ErrnoException {
        try {
            LibC.INSTANCE.symlinkat(target, dirFd, name);
        } catch (LastErrorException e) {
            throw new ErrnoException("symlinkat " + name, e.getErrorCode());
        }
    }

    /** A hard link {@code name} in {@code dirFd} to the file {@code targetFd} holds (by its magic link, no lookup). */
    public static void linkTo(int targetFd, int dirFd, String name) throws ErrnoException {
        try {
            LibC.INSTANCE.linkat(LibC.AT_FDCWD, "/proc/self/fd/" + targetFd, dirFd, name, AT_SYMLINK_FOLLOW);
        } catch (LastErrorException e) {
            throw new ErrnoException("linkat " + name, e.getErrorCode());
        }
    }

    public static void mkfifoat(int dirFd, String name, int mode) throws ErrnoException {
        try {
            LibC.INSTANCE.mknodat(dirFd, name, S_IFIFO | (mode & 07777), 0);
        } catch (LastErrorException e) {
            throw new ErrnoException("mknodat " + name, e.getErrorCode());
        }
    }

    /** Sets the owner of the file {@code fd} holds itself (a symlink's own, not its target's). */
    public static void chownFd(int fd, int uid, int gid) throws ErrnoException {
        try {
            LibC.INSTANCE.fchownat(fd, "", uid, gid, AT_EMPTY_PATH | LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new ErrnoException("fchownat", e.getErrorCode());
        }
    }

    /** The target of the symlink {@code fd} holds ({@code O_PATH | O_NOFOLLOW}). */
    public static String readLinkFd(int fd) throws ErrnoException {
        byte[] buf = new byte[4097];
        long n;
        try {
            n = LibC.INSTANCE.readlinkat(fd, "", buf, buf.length);
        } catch (LastErrorException e) {
            throw new ErrnoException("readlinkat", e.getErrorCode());
        }
        if (n >= buf.length) {
            throw new ErrnoException("readlinkat", 36); // ENAMETOOLONG: longer than PATH_MAX
        }
        return new String(buf, 0, (int) n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Atomically swaps two names (renameat2 RENAME_EXCHANGE): what an attacker's swapper does. */
    public static void exchange(int dirFd, String a, String b) throws ErrnoException {
        try {
            LibC.INSTANCE.renameat2(dirFd, a, dirFd, b, RENAME_EXCHANGE);
        } catch (LastErrorException e) {
            throw new ErrnoException("renameat2 " + a + " " + b, e.getErrorCode());
        }
    }

    /** A detached copy of the mount at {@code fd} (a bind of exactly that file or directory), as a descriptor. */
    public static int openTreeClone(int fd) throws ErrnoException {
        try {
            return (int) LibC.INSTANCE.syscall(SYS_OPEN_TREE, (long) fd, "",
                    (long) (OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH));
        } catch (LastErrorException e) {
            throw new ErrnoException("open_tree", e.getErrorCode());
        }
    }

    /** Attaches the detached mount {@code mountFd} on the file or directory {@code targetFd}. */
    public static void moveMount(int mountFd, int targetFd) throws ErrnoException {
        try {
            LibC.INSTANCE.syscall(SYS_MOVE_MOUNT, (long) mountFd, "", (long) targetFd, "",
                    (long) (MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH));
        } catch (LastErrorException e) {
            throw new ErrnoException("move_mount", e.getErrorCode());
        }
    }

    /** mount_setattr(2) on the mount {@code mountFd} itself (not its children). */
    public static void setMountAttributes(int mountFd, long set, long clear, long propagation) throws ErrnoException {
        setMountAttributes(mountFd, set, clear, propagation, 0);
    }

    /**
     * mount_setattr(2) with a user namespace: {@code set} holding {@link #MOUNT_ATTR_IDMAP} makes the
     * (detached, not yet idmapped) mount show ids through {@code usernsFd}'s mapping.
     */
    public static void setMountAttributes(int mountFd, long set, long clear, long propagation, int usernsFd)
            throws ErrnoException {
        Memory attr = new Memory(32); // struct mount_attr { u64 attr_set, attr_clr, propagation, userns_fd; }
        attr.setLong(0, set);
        attr.setLong(8, clear);
        attr.setLong(16, propagation);
        attr.setLong(24, usernsFd);
        try {
            LibC.INSTANCE.syscall(SYS_MOUNT_SETATTR, (long) mountFd, "", (long) AT_EMPTY_PATH, attr, 32L);
        } catch (LastErrorException e) {
            throw new ErrnoException("mount_setattr", e.getErrorCode());
        }
    }
}
