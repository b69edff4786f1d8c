package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;

/** Small helpers around {@link LibC}: errno text, pipes, signals to pids, subreaper, exit statuses. */
public final class Syscalls {
    private static final int O_CLOEXEC = 0x80000;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int F_DUPFD_CLOEXEC = 1030;
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;

    private Syscalls() {
    }

    public static String describe(LastErrorException e) {
        int errno = e.getErrorCode();
        return LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }

    /** A close-on-exec pipe: [0] read end, [1] write end. */
    public static Fd[] pipe() {
        int[] fds = new int[2];
        try {
            LibC.INSTANCE.pipe2(fds, O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("pipe2: " + describe(e));
        }
        return new Fd[]{new Fd(fds[0]), new Fd(fds[1])};
    }

    /** A second (close-on-exec) descriptor of the same open file. */
    public static Fd dup(Fd fd) {
        try {
            return new Fd(LibC.INSTANCE.fcntl(fd.number(), F_DUPFD_CLOEXEC, 3));
        } catch (LastErrorException e) {
            throw new IllegalStateException("dup: " + describe(e));
        }
    }

    /** Sends a signal; false if the process no longer exists. */
    public static boolean kill(int pid, int signal) {
        try {
            LibC.INSTANCE.kill(pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 3) { // ESRCH
                return false;
            }
            throw new IllegalStateException("kill " + pid + ": " + describe(e));
        }
    }

    /**
     * Makes this JVM the subreaper of its descendants: container processes that runc leaves behind
     * when it exits are reparented here, so we can wait for them and read their exit codes.
     */
    public static void becomeSubreaper() {
        try {
            LibC.INSTANCE.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new IllegalStateException("prctl(PR_SET_CHILD_SUBREAPER): " + describe(e));
        }
    }

    /**
     * Blocks until the child {@code pid} ends and returns its exit code the way Docker reports it:
     * the exit status, or 128 + signal number when a signal ended it.
     */
    public static int waitForExit(int pid) {
        int[] status = new int[1];
        while (true) {
            try {
                LibC.INSTANCE.waitpid(pid, status, 0);
                return decodeWaitStatus(status[0]);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4) { // EINTR
                    throw new IllegalStateException("waitpid " + pid + ": " + describe(e));
                }
            }
        }
    }

    /**
     * Blocks until the child {@code pid} has ended but leaves it a zombie, so its pid cannot be
     * reused while the caller still might signal it. Reap it with {@link #waitForExit}.
     */
    public static void awaitExitWithoutReaping(int pid) {
        com.sun.jna.Memory siginfo = new com.sun.jna.Memory(128);
        while (true) {
            try {
                LibC.INSTANCE.waitid(P_PID, pid, siginfo, WEXITED | WNOWAIT);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != 4) { // EINTR
                    throw new IllegalStateException("waitid " + pid + ": " + describe(e));
                }
            }
        }
    }

    static int decodeWaitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }
}
