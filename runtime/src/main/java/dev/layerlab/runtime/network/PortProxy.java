package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One published port ({@code -p hostPort:containerPort}) done by the engine itself, in place of
 * Docker's per-port docker-proxy process: it listens inside the sandbox namespace and splices
 * each connection to the container, on virtual threads. TCP only: UDP is refused with a message.
 */
public final class PortProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int BACKLOG = 128;
    private static final int RETRY_ACCEPT_MILLIS = 50;

    private final NetnsSockets sandbox;
    private final ServerSocketChannel listener;
    private final String hostIp;
    private final int hostPort;
    private final InetSocketAddress target;
    private final Set<SocketChannel> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Thread acceptor;

    private PortProxy(NetnsSockets sandbox, ServerSocketChannel listener, String hostIp, int hostPort, InetSocketAddress target) {
        this.sandbox = sandbox;
        this.listener = listener;
        this.hostIp = hostIp;
        this.hostPort = hostPort;
        this.target = target;
    }

    /**
     * Listens on {@code hostIp:hostPort} in the sandbox ({@code null} or 0.0.0.0: every address,
     * IPv4 and IPv6, as Docker publishes on both; port 0: any free port) and forwards to
     * {@code containerIp:containerPort}, connecting from the sandbox.
     */
    public static PortProxy publish(NetnsSockets sandbox, String hostIp, int hostPort,
                                    String containerIp, int containerPort, String protocol) {
        String proto = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp")) {
            throw new InvalidArgumentException(proto.equals("udp")
                    ? "publishing UDP ports is not supported (only tcp): " + hostPort + "/udp"
                    : "unknown protocol " + protocol + " (only tcp can be published)");
        }
        checkPort("host", hostPort, 0);
        checkPort("container", containerPort, 1);
        String ip = hostIp == null || hostIp.isBlank() ? "0.0.0.0" : hostIp;
        InetSocketAddress bindTo = ip.equals("0.0.0.0") ? new InetSocketAddress(hostPort) : new InetSocketAddress(ipv4(ip), hostPort);
        InetSocketAddress target = new InetSocketAddress(ipv4(containerIp), containerPort);
        ServerSocketChannel listener;
        try {
            listener = sandbox.openServerSocket();
        } catch (IOException e) {
            throw new EngineException("cannot open a socket in " + sandbox.netnsPath() + ": " + e.getMessage(), e);
        }
        try {
            listener.bind(bindTo, BACKLOG);
        } catch (IOException e) {
            Splice.closeQuietly(listener);
            if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
                throw new ConflictException("Bind for " + ip + ":" + hostPort + " failed: port is already allocated");
            }
            throw new InvalidArgumentException("Bind for " + ip + ":" + hostPort + " failed: " + e.getMessage());
        }
        int port = ((InetSocketAddress) localAddress(listener)).getPort();
        PortProxy proxy = new PortProxy(sandbox, listener, ip, port, target);
        sandbox.closeWithThis(proxy);
        proxy.acceptor = Thread.ofVirtual().name("publish-" + ip + ":" + port).start(proxy::acceptLoop);
        return proxy;
    }

    public String hostIp() {
        return hostIp;
    }

    /** The port listened on (the one chosen by the kernel if 0 was asked for). */
    public int hostPort() {
        return hostPort;
    }

    public String containerIp() {
        return target.getAddress().getHostAddress();
    }

    public int containerPort() {
        return target.getPort();
    }

    /** False once closed, by {@link #close()} or with its sandbox's network. */
    public boolean isOpen() {
        return !closed;
    }

    /** Stops listening and cuts every connection still open. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sandbox.forget(this);
        Splice.closeQuietly(listener);
        live.forEach(Splice::closeQuietly);
        // A channel closed while a thread is blocked in accept() releases its socket only when that thread
        // leaves accept(); wait for it, so the port is really free (and refuses connections) on return.
        Thread t = acceptor;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = listener.accept();
                if (!sandbox.tryRelay()) {
                    Splice.closeQuietly(client); // the sandbox holds its share of the server's descriptors
                    continue;
                }
                Thread.ofVirtual().name("proxy-" + hostPort).start(() -> {
                    try {
                        serve(client);
                    } finally {
                        sandbox.relayEnded();
                    }
                });
            } catch (IOException e) {
                if (closed || !listener.isOpen()) {
                    return;
                }
                pause(); // e.g. out of file descriptors: keep the port, try again shortly
            }
        }
    }

    private void serve(SocketChannel client) {
        SocketChannel upstream = null;
        try {
            track(client);
            upstream = sandbox.openSocket();
            track(upstream);
            upstream.socket().connect(target, CONNECT_TIMEOUT_MILLIS);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Splice.between(client, upstream);
        } catch (IOException | InterruptedException e) {
            // Nothing listens in the container, or it went away: the client just sees the
            // connection close, as with docker-proxy.
        } finally {
            Splice.closeQuietly(client);
            Splice.closeQuietly(upstream);
            live.remove(client);
            if (upstream != null) {
                live.remove(upstream);
            }
        }
    }

    private void track(SocketChannel channel) throws ClosedChannelException {
        live.add(channel);
        if (closed) { // close() may have run before this was added
            throw new ClosedChannelException();
        }
    }

    private static InetAddress ipv4(String text) {
        int a = Cidr.parseAddress(text);
        try {
            return InetAddress.getByAddress(new byte[]{(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    private static void checkPort(String which, int port, int min) {
        if (port < min || port > 65535) {
            throw new InvalidArgumentException("invalid " + which + " port " + port);
        }
    }

    private static Object localAddress(ServerSocketChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new EngineException("cannot read the bound address: " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_ACCEPT_MILLIS);
        } catch (InterruptedException ignored) {
            // Not re-asserted: an interrupted accept() would close the listener; close() ends the loop.
        }
    }
}
