package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Docker's stdout/stderr multiplexing for non-TTY streams: each write becomes a frame of an 8-byte
 * header (stream type, three zero bytes, big-endian uint32 payload length) and the payload. Header
 * and payload go out in one write so frames from the stdout and stderr threads never interleave.
 */
public final class MultiplexedStream {
    public enum Kind {
        STDIN(0), STDOUT(1), STDERR(2), SYSTEM_ERROR(3);

        final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }
    }

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();

    public MultiplexedStream(OutputStream out) {
        this.out = out;
    }

    public void write(Kind kind, byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        byte[] frame = new byte[8 + len];
        frame[0] = kind.code;
        frame[4] = (byte) (len >>> 24);
        frame[5] = (byte) (len >>> 16);
        frame[6] = (byte) (len >>> 8);
        frame[7] = (byte) len;
        System.arraycopy(b, off, frame, 8, len);
        lock.lock();
        try {
            out.write(frame);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** A final error for the client to print, such as an exec that could not start. */
    public void systemError(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        write(Kind.SYSTEM_ERROR, b, 0, b.length);
    }

    public OutputStream stdout() {
        return of(Kind.STDOUT);
    }

    public OutputStream stderr() {
        return of(Kind.STDERR);
    }

    private OutputStream of(Kind kind) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                MultiplexedStream.this.write(kind, new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                MultiplexedStream.this.write(kind, b, off, len);
            }
        };
    }
}
