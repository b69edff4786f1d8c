package dev.layerlab.server.dockerapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@code Transfer-Encoding: chunked} body (RFC 9112 7.1), decoded as it is read: the docker CLI
 * streams build contexts and {@code cp} archives this way, and they can be gigabytes.
 */
final class ChunkedInputStream extends InputStream {
    private static final int MAX_SIZE_LINE = 1024;
    private static final int MAX_TRAILER_LINE = 8 * 1024;

    private final HttpInput in;
    private long chunkRemaining;
    private boolean done;

    ChunkedInputStream(HttpInput in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (chunkRemaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk of the request body");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            expectCrlf();
        }
        return n;
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        String line = line(MAX_SIZE_LINE);
        int semicolon = line.indexOf(';');
        String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new HttpProtocolException(400, "malformed chunk size in request body");
        }
        chunkRemaining = Long.parseLong(hex, 16);
        if (chunkRemaining == 0) {
            // Trailers are allowed but meaningless to the Docker API: skip them up to the empty line.
            while (!line(MAX_TRAILER_LINE).isEmpty()) {
                continue;
            }
            done = true;
            return false;
        }
        return true;
    }

    private void expectCrlf() throws IOException {
        if (!line(2).isEmpty()) {
            throw new HttpProtocolException(400, "chunk data longer than its declared size");
        }
    }

    private String line(int max) throws IOException {
        try {
            String line = in.readLine(max);
            if (line == null) {
                throw new EOFException("connection closed inside the chunked request body");
            }
            return line;
        } catch (HttpInput.LineTooLongException e) {
            throw new HttpProtocolException(400, "malformed chunked request body");
        }
    }

    @Override
    public void close() {
    }
}
