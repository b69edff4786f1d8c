package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/** poll(2) over a few descriptors, and pidfds: a descriptor that becomes readable when its process ends. */
public final class Poll {
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    private static final int EINTR = 4;
    private static final int ESRCH = 3;
    private static final long SYS_PIDFD_OPEN = 434; // the same number on x86_64 and aarch64
    private static final int POLLFD_SIZE = 8;

    private Poll() {
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code events} on any of {@code fds}; returns each one's
     * revents (all 0 on timeout). EINTR is retried with the same timeout.
     */
    public static short[] await(int[] fds, short events, int timeoutMillis) {
        Memory pollfds = new Memory((long) POLLFD_SIZE * fds.length);
        for (int i = 0; i < fds.length; i++) {
            pollfds.setInt((long) i * POLLFD_SIZE, fds[i]);
            pollfds.setShort((long) i * POLLFD_SIZE + 4, events);
            pollfds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
        }
        while (true) {
            try {
                LibC.INSTANCE.poll(pollfds, fds.length, timeoutMillis);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IllegalStateException("poll: " + Syscalls.describe(e));
                }
            }
        }
        short[] revents = new short[fds.length];
        for (int i = 0; i < fds.length; i++) {
            revents[i] = pollfds.getShort((long) i * POLLFD_SIZE + 6);
        }
        return revents;
    }

    /** pidfd_open(2) of {@code pid}; null if there is no such process (ESRCH). */
    public static Fd pidfd(int pid) {
        try {
            return new Fd((int) LibC.INSTANCE.syscall(SYS_PIDFD_OPEN, (long) pid, 0L));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ESRCH) {
                return null;
            }
            throw new IllegalStateException("pidfd_open " + pid + ": " + Syscalls.describe(e));
        }
    }
}
