package dev.layerlab.server.dockerapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * Connections a sandbox's API does not take: answered with a 503 the docker CLI prints ("Error response
 * from daemon: ...") and closed. The answer waits a moment for the client's request, because closing a
 * unix socket with unread data resets it and the client would see only "connection reset"; at most
 * {@value #POLITE} refusals wait at once, any more are closed at once. Logged at most once a minute.
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final int POLITE = 16;
    private static final long WAIT_FOR_REQUEST_MILLIS = 200;

    private final Object where;
    private final Semaphore polite = new Semaphore(POLITE);
    private long lastLogged;
    private long unlogged;

    Refusals(Object where) {
        this.where = where;
    }

    void refuse(SocketChannel client, String message) {
        log(message);
        if (!polite.tryAcquire()) {
            close(client);
            return;
        }
        Thread.ofVirtual().name("docker-api-refuse").start(() -> {
            try {
                answer(client, message);
            } finally {
                polite.release();
                close(client);
            }
        });
    }

    private static void answer(SocketChannel client, String message) {
        byte[] body = ("{\"message\":\"" + message.replace("\"", "'") + "\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap(head));
            client.write(ByteBuffer.wrap(body));
            // Swallow what the client sends for a moment, then close with nothing unread.
            ByteBuffer sink = ByteBuffer.allocate(8192);
            long end = System.nanoTime() + WAIT_FOR_REQUEST_MILLIS * 1_000_000;
            boolean seen = false;
            while (System.nanoTime() < end) {
                int n = client.read(sink.clear());
                if (n < 0) {
                    return;
                }
                if (n > 0) {
                    seen = true;
                } else if (seen) {
                    return;
                } else {
                    Thread.sleep(10);
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void log(String message) {
        long now = System.nanoTime();
        unlogged++;
        if (lastLogged == 0 || now - lastLogged > 60_000_000_000L) {
            LOG.warn("docker API on {}: refused {} connection(s): {}", where, unlogged, message);
            lastLogged = now;
            unlogged = 0;
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
