package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few libc calls the JDK lacks. Every method throws {@link LastErrorException} on failure, so
 * callers see errno; {@link Syscalls} wraps them into readable messages.
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int mount(String source, String target, String fsType, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    /** chmod(2): unlike PosixFilePermission it can set setuid, setgid and sticky bits. */
    int chmod(String path, int mode) throws LastErrorException;

    /**
     * utimensat(2); {@code times} is two struct timespec laid out as {atime_sec, atime_nsec, mtime_sec,
     * mtime_nsec} (64-bit Linux). With AT_SYMLINK_NOFOLLOW it sets a symlink's own times.
     */
    int utimensat(int dirFd, String path, long[] times, int flags) throws LastErrorException;

    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;

    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fchown(int fd, int uid, int gid) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    /** poll(2); {@code fds} is an array of struct pollfd { int fd; short events; short revents; }. */
    int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    int waitid(int idType, int id, Pointer siginfo, int options) throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int ioctl(int fd, long request, WinSize size) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer addr, Pointer addrLen, int flags) throws LastErrorException;

    long recvmsg(int fd, MsgHdr msg, int flags) throws LastErrorException;

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawnp(int[] pid, String file, Pointer actions, Pointer attrp, String[] argv, String[] envp);

    String strerror(int errnum);

    /** struct winsize for TIOCSWINSZ. */
    @Structure.FieldOrder({"ws_row", "ws_col", "ws_xpixel", "ws_ypixel"})
    class WinSize extends Structure {
        public short ws_row;
        public short ws_col;
        public short ws_xpixel;
        public short ws_ypixel;
    }

    /** struct iovec. */
    @Structure.FieldOrder({"iov_base", "iov_len"})
    class IoVec extends Structure {
        public Pointer iov_base;
        public long iov_len;
    }

    /** struct msghdr (x86_64 / aarch64 layout). */
    @Structure.FieldOrder({"msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"})
    class MsgHdr extends Structure {
        public Pointer msg_name;
        public int msg_namelen;
        public Pointer msg_iov;
        public long msg_iovlen;
        public Pointer msg_control;
        public long msg_controllen;
        public int msg_flags;
    }

    // Network namespaces (package network): a thread enters a named netns, or a fresh one.

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nsType) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    // Paths inside trees a learner controls (package fs): everything relative to a directory fd.

    int mkdirat(int dirFd, String path, int mode) throws LastErrorException;

    int openat(int dirFd, String path, int flags, int mode) throws LastErrorException;

    int renameat2(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags) throws LastErrorException;

    int unlinkat(int dirFd, String path, int flags) throws LastErrorException;

    int symlinkat(String target, int dirFd, String path) throws LastErrorException;

    int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags) throws LastErrorException;

    int mknodat(int dirFd, String path, int mode, long dev) throws LastErrorException;

    int fchownat(int dirFd, String path, int uid, int gid, int flags) throws LastErrorException;

    long readlinkat(int dirFd, String path, byte[] buf, long size) throws LastErrorException;

    int setxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    // The engine acting as a sandbox's root on files (package userns): per-thread fsuid and capabilities.

    int setfsuid(int fsuid);

    int setfsgid(int fsgid);

    int capget(Pointer header, Pointer data) throws LastErrorException;

    int capset(Pointer header, Pointer data) throws LastErrorException;

    /** Raw syscall(2), for calls glibc 2.36 has no wrapper for (openat2, open_tree, move_mount, mount_setattr). */
    long syscall(long number, Object... args) throws LastErrorException;
}
