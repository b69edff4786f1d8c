package dev.layerlab.server.dockerapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker Engine API of one sandbox on a unix socket: an accept loop and a virtual thread per
 * connection, within the sandbox's {@link ApiLimits}: over the connection cap (or when the server runs
 * short of descriptors) a new connection is answered 503 and closed; connections idle between requests
 * are closed by a sweeper.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /**
     * Go clients connect non-blocking and fail with EAGAIN, not wait, when the accept queue is full;
     * a burst of parallel CLI calls must fit. The kernel caps it at net.core.somaxconn.
     */
    private static final int BACKLOG = 1024;

    private final Path socketPath;
    private final ServerSocketChannel server;
    private final ApiRouter router;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final Thread sweeper;
    private final ApiLimits limits;
    private final Refusals refusals;
    private volatile boolean closed;

    private ApiServer(Path socketPath, ServerSocketChannel server, ApiRouter router, ApiLimits limits) {
        this.socketPath = socketPath;
        this.server = server;
        this.router = router;
        this.limits = limits;
        this.refusals = new Refusals(socketPath);
        this.acceptor = Thread.ofVirtual().name("docker-api-accept " + socketPath).unstarted(this::acceptLoop);
        this.sweeper = Thread.ofVirtual().name("docker-api-idle " + socketPath).unstarted(this::sweepLoop);
    }

    /**
     * Listens on {@code socketPath} (a stale socket file from an earlier run is replaced). The file
     * is mode 0660: only root and the group of the sandbox bind mount may connect. Until the chmod the
     * umask-derived mode applies, which with the usual 022 lets no one else connect either.
     */
    public static ApiServer start(Path socketPath, ApiRouter router) throws IOException {
        return start(socketPath, router, ApiLimits.DEFAULTS);
    }

    /** {@link #start(Path, ApiRouter)} with these limits. */
    public static ApiServer start(Path socketPath, ApiRouter router, ApiLimits limits) throws IOException {
        Files.deleteIfExists(socketPath);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socketPath), BACKLOG);
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socketPath);
            throw e;
        }
        ApiServer api = new ApiServer(socketPath, server, router, limits);
        api.acceptor.start();
        api.sweeper.start();
        return api;
    }

    public Path socketPath() {
        return socketPath;
    }

    /** Open client connections, hijacked ones included. */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        Thread.Builder threads = Thread.ofVirtual().name("docker-api-conn-", 0);
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("docker API on {}: accept failed", socketPath, e);
                pause();
                continue;
            }
            if (connections.size() >= limits.maxConnections()) {
                refusals.refuse(client, "this sandbox's Docker API takes at most " + limits.maxConnections()
                        + " connections at once; close some (attach, logs -f, events) and try again");
                continue;
            }
            if (FileDescriptors.fewerLeftThan(limits.reservedFileDescriptors())) {
                refusals.refuse(client, "the server is short of file descriptors; try again in a moment");
                continue;
            }
            Connection conn = new Connection(client, router, connections::remove);
            connections.add(conn);
            // close() may have swept the set just before this connection joined it.
            if (closed) {
                conn.close();
                return;
            }
            conn.start(threads);
        }
    }

    /** Closes connections that have waited longer than the idle timeout for their next request. */
    private void sweepLoop() {
        long idleNanos = limits.idleTimeout().toNanos();
        long period = Math.clamp(limits.idleTimeout().toMillis() / 4, 50, 5_000);
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection conn : connections) {
                if (conn.waitingLongerThan(idleNanos, now)) {
                    LOG.debug("docker API on {}: closing a connection idle for over {}", socketPath, limits.idleTimeout());
                    conn.close();
                }
            }
        }
    }

    /** Out of file descriptors or the like: back off instead of spinning on a failing accept. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting, closes every connection (interrupting its handler) and removes the socket file. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sweeper.interrupt();
        for (Connection conn : connections) {
            conn.close();
        }
        Files.deleteIfExists(socketPath);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
