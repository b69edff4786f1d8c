package dev.layerlab.runtime.runc;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Poll;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code runc start} does, without a runc process (one less process per container start). A
 * created container's init is blocked writing to its exec fifo ({@code <runc root>/<id>/exec.fifo});
 * opening the fifo for reading lets it write its byte and exec the container's process, and removing
 * the fifo is what makes runc see the container as running rather than created (runc 1.1's
 * libcontainer {@code exec()} and {@code handleFifoResult}). runc watches for a dead init by polling
 * its pid; here a pidfd tells the same at once.
 */
final class ExecFifo {
    private static final int O_RDONLY_NONBLOCK_CLOEXEC = 0x800 | 0x80000;
    private static final int ENOENT = 2;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;

    private ExecFifo() {
    }

    /** Lets the created container's init (process {@code initPid}) exec; returns once it has, or throws. */
    static void release(Path fifo, int initPid, Duration timeout) {
        try (Fd init = Poll.pidfd(initPid)) {
            if (init == null) {
                throw new RuncException("cannot start the container: its process is already dead");
            }
            try (Fd reader = openReader(fifo)) {
                awaitExec(reader, init, timeout);
            }
            Files.delete(fifo);
        } catch (IOException e) {
            throw new RuncException("cannot start the container: " + fifo + ": " + e.getMessage());
        }
    }

    private static Fd openReader(Path fifo) {
        try {
            return new Fd(LibC.INSTANCE.open(fifo.toString(), O_RDONLY_NONBLOCK_CLOEXEC));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                throw new RuncException("cannot start an already running container");
            }
            throw new RuncException("cannot start the container: open " + fifo + ": " + Syscalls.describe(e));
        }
    }

    /**
     * Reads the fifo until its writer has closed it (init's exec closes it: close-on-exec). Having read
     * nothing when init is gone means it died before it could run the process.
     */
    private static void awaitExec(Fd reader, Fd init, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean signalled = false;
        byte[] buf = new byte[16];
        while (true) {
            int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            if (left == 0) {
                throw new RuncException("cannot start the container: its init did not start it within " + timeout.toSeconds() + " s");
            }
            short[] ready = Poll.await(new int[]{reader.number(), init.number()}, Poll.POLLIN, left);
            if ((ready[0] & (Poll.POLLIN | Poll.POLLHUP | Poll.POLLERR)) != 0) {
                long n = readOnce(reader, buf);
                if (n > 0) {
                    signalled = true;
                    continue;
                }
                if (n == 0) {
                    if (signalled) {
                        return;
                    }
                    // runc's readFromExecFifo: the writer went away without its byte
                    throw new RuncException("cannot start an already running container");
                }
            }
            if (ready[1] != 0) {
                if (signalled || readOnce(reader, buf) > 0) {
                    return;
                }
                throw new RuncException("cannot start the container: its process is already dead");
            }
        }
    }

    /** One non-blocking read: bytes read, 0 at end (no writer), -1 when nothing is there yet. */
    private static long readOnce(Fd fd, byte[] buf) {
        while (true) {
            try {
                return LibC.INSTANCE.read(fd.number(), buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN) {
                    return -1;
                }
                if (e.getErrorCode() != EINTR) {
                    throw new RuncException("cannot start the container: read of its exec fifo: " + Syscalls.describe(e));
                }
            }
        }
    }
}
