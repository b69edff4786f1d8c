package dev.layerlab.server;

import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes a new connection when its client address already has {@code max} open. Jetty has a limit for
 * all connections together ({@code NetworkConnectionLimit}) but none per address, hence this listener.
 * Every opened connection is counted and every closed one uncounted, so a WebSocket upgrade (the HTTP
 * connection closes, the WebSocket one opens on the same socket) keeps the count right.
 */
final class ClientConnectionLimit implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionLimit.class);

    private final int max;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /** Each counted connection's address: a closed socket no longer tells its remote address. */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ClientConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = client(connection);
        if (client == null) {
            return;
        }
        counted.put(connection, client);
        int count = open.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
        if (count > max) {
            LOG.warn("HTTP: {} has {} connections open, more than {}: closing the new one", client.getHostAddress(), count - 1, max);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress client = counted.remove(connection);
        if (client == null) {
            return;
        }
        open.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int openOf(InetAddress client) {
        AtomicInteger n = open.get(client);
        return n == null ? 0 : n.get();
    }

    private static InetAddress client(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
