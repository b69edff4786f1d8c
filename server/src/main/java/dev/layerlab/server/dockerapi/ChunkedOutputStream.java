package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A streamed response body. Every write becomes one chunk sent at once: {@code logs -f}, build
 * output and {@code /wait} are read by a human or a waiting client, so nothing may sit in a buffer.
 * Writers on several threads (stdout and stderr pumps) are serialised per chunk, with a
 * ReentrantLock so a virtual thread blocked on a slow client never pins its carrier (JDK 21).
 */
final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;
    private final boolean chunked;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    /** With {@code chunked} false (HTTP/1.0 clients) the body is delimited by closing the connection. */
    ChunkedOutputStream(OutputStream out, boolean chunked) {
        this.out = out;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            writeChunk(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    private void writeChunk(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("response stream already closed");
        }
        // A zero-length chunk would end the body early; there is nothing to send anyway.
        if (len == 0) {
            return;
        }
        if (!chunked) {
            out.write(b, off, len);
            return;
        }
        byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[size.length + len + 2];
        System.arraycopy(size, 0, chunk, 0, size.length);
        System.arraycopy(b, off, chunk, size.length, len);
        chunk[chunk.length - 2] = '\r';
        chunk[chunk.length - 1] = '\n';
        out.write(chunk, 0, chunk.length);
    }

    /** Ends the body (the terminating zero chunk); the connection may then serve its next request. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (!closed && chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
