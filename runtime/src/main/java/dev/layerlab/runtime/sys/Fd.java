package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An owned file descriptor (pipe end or pty master) read and written with plain syscalls. The JDK
 * cannot wrap a raw fd number, and reopening {@code /proc/self/fd/N} would open a new pty for a
 * ptmx master, so I/O goes through libc directly.
 */
public final class Fd implements AutoCloseable {
    private static final int EINTR = 4;
    private static final int EIO = 5;
    private static final int EAGAIN = 11;

    private final int number;
    private final AtomicBoolean closed = new AtomicBoolean();

    public Fd(int number) {
        this.number = number;
    }

    /** fchown(2): for a pipe, the inode both its ends share. */
    public void chown(int uid, int gid) throws IOException {
        try {
            LibC.INSTANCE.fchown(number, uid, gid);
        } catch (com.sun.jna.LastErrorException e) {
            throw new IOException("fchown: " + Syscalls.describe(e), e);
        }
    }

    public int number() {
        return number;
    }

    /** Reads up to {@code buf.length} bytes; -1 at end of stream (EIO from a pty whose slave closed counts as end). */
    public int read(byte[] buf) throws IOException {
        while (true) {
            try {
                long n = LibC.INSTANCE.read(number, buf, buf.length);
                return n == 0 ? -1 : (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) {
                    continue;
                }
                if (e.getErrorCode() == EIO) {
                    return -1;
                }
                throw new IOException("read fd " + number + ": " + Syscalls.describe(e));
            }
        }
    }

    public void write(byte[] buf, int off, int len) throws IOException {
        byte[] chunk = off == 0 ? buf : java.util.Arrays.copyOfRange(buf, off, off + len);
        int done = 0;
        while (done < len) {
            byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
            try {
                done += (int) LibC.INSTANCE.write(number, rest, len - done);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("write fd " + number + ": " + Syscalls.describe(e));
                }
            }
        }
    }

    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return Fd.this.read(one) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] tmp = off == 0 && len == b.length ? b : new byte[len];
                int n = Fd.this.read(tmp);
                if (n > 0 && tmp != b) {
                    System.arraycopy(tmp, 0, b, off, n);
                }
                return n;
            }

            @Override
            public void close() {
                Fd.this.close();
            }
        };
    }

    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                Fd.this.write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Fd.this.write(b, off, len);
            }

            @Override
            public void close() {
                Fd.this.close();
            }
        };
    }

    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LibC.INSTANCE.close(number);
            } catch (LastErrorException ignored) {
                // Closing is best effort: the fd is gone either way.
            }
        }
    }
}
