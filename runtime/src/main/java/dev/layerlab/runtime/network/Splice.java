package dev.layerlab.runtime.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Copies bytes both ways between two connected sockets until both directions have ended. End of
 * stream on one side becomes a half-close ({@code shutdownOutput}) on the other, so a client that
 * sends a request and closes its writing side still gets the whole answer; an error on either
 * side ends both directions.
 */
final class Splice {
    private static final int BUFFER_SIZE = 32 * 1024;

    private Splice() {
    }

    /** Blocks (on a virtual thread, cheaply) until both directions are done. */
    static void between(SocketChannel a, SocketChannel b) throws InterruptedException {
        Thread reverse = Thread.ofVirtual().name("splice-reverse").start(() -> copy(b, a));
        copy(a, b);
        reverse.join();
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        // Direct, so the JDK does not copy through a temporary buffer on every read and write.
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Already closed or reset: nothing left to release.
        }
    }
}
