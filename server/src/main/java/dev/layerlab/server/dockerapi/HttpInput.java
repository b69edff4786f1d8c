package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The one buffered reader of a connection. Request heads, bodies and, after a hijack, the raw stream
 * all read through it, so bytes the client sent ahead (a body right behind its headers, stdin right
 * behind an attach request) are never lost in a second buffer.
 */
final class HttpInput extends InputStream {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).flip();
    private boolean eof;

    HttpInput(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /** Thrown by {@link #readLine} when a line does not end within its budget. */
    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line too long");
        }
    }

    /**
     * Reads one line ending in LF; a preceding CR is dropped and a bare LF accepted, as RFC 9112
     * 2.2 allows. Returns null at end of stream before any byte. Lines are ISO-8859-1 so every byte maps
     * to one char and nothing can fail to decode.
     */
    String readLine(int maxLength) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                if (line.isEmpty()) {
                    return null;
                }
                throw new java.io.EOFException("connection closed in the middle of a line");
            }
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= maxLength) {
                    throw new LineTooLongException();
                }
                line.append((char) (b & 0xff));
            }
        }
    }

    @Override
    public int read() throws IOException {
        if (!buffer.hasRemaining() && !fill()) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!buffer.hasRemaining()) {
            // Large reads bypass the buffer: a build context streams straight into the caller's array.
            if (len >= buffer.capacity()) {
                return eof ? -1 : readDirect(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    private int readDirect(byte[] b, int off, int len) throws IOException {
        int n = channel.read(ByteBuffer.wrap(b, off, len));
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } finally {
            buffer.flip();
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        return true;
    }
}
