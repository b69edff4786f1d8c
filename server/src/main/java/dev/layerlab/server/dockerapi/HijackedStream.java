package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;

/**
 * The raw connection after a {@code 101 UPGRADED}: bytes in both directions, no HTTP framing.
 * End of {@link #input()} means the client shut its write side (stdin closed), not that it left:
 * output may still be written until {@link #closeWrite()} or {@link #close()}.
 */
public final class HijackedStream implements AutoCloseable {
    private final InputStream input;
    private final OutputStream output;
    private final SocketChannel channel;

    HijackedStream(InputStream input, OutputStream output, SocketChannel channel) {
        this.input = input;
        this.output = output;
        this.channel = channel;
    }

    /** What the client sends (stdin), starting right after the request; EOF on its half-close. */
    public InputStream input() {
        return input;
    }

    /** Unbuffered writes to the client; safe to use from several threads, one write at a time. */
    public OutputStream output() {
        return output;
    }

    /** Half-closes our side: the client reads EOF while it may still send. */
    public void closeWrite() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
