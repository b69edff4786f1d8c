package dev.layerlab.runtime.network;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Docker's embedded DNS server at 127.0.0.11:53 (UDP and TCP) inside one container's namespace: the
 * sockets are opened on a thread inside it and served by the engine on virtual threads (no process,
 * no NAT rule). {@link DnsResponder} says what to answer; other names are forwarded to the sandbox's
 * upstream resolver (the one default-bridge containers use) from the sandbox's namespace, so the
 * host's egress rules still judge them. Bounded: queries of at most {@link #MAX_QUERY} bytes,
 * {@link #MAX_FORWARDS} forwarded queries under way per sandbox, {@link #MAX_TCP} TCP connections per
 * container, {@link #TIMEOUT_MILLIS} for upstream and for a TCP client.
 */
final class EmbeddedDns implements AutoCloseable {
    static final InetSocketAddress LISTEN = new InetSocketAddress(DnsResponder.inet((127 << 24) | 11), 53);
    static final int MAX_QUERY = 4096;
    static final int MAX_FORWARDS = 64;
    static final int MAX_TCP = 8;
    static final int TIMEOUT_MILLIS = 3000;
    private static final int MAX_TCP_QUERIES = 16;

    private final ContainerNetwork container;
    private final SandboxNetwork sandbox;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final Semaphore tcpClients = new Semaphore(MAX_TCP);
    private volatile boolean closed;

    private EmbeddedDns(ContainerNetwork container, SandboxNetwork sandbox, DatagramChannel udp, ServerSocketChannel tcp) {
        this.container = container;
        this.sandbox = sandbox;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Must run on a thread inside the container's namespace: the sockets are born there. */
    static EmbeddedDns open(ContainerNetwork container, SandboxNetwork sandbox) throws IOException {
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET).bind(LISTEN);
        ServerSocketChannel tcp;
        try {
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(LISTEN, 16);
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        EmbeddedDns dns = new EmbeddedDns(container, sandbox, udp, tcp);
        Thread.ofVirtual().name("dns-udp-" + container.netnsName()).start(dns::serveUdp);
        Thread.ofVirtual().name("dns-tcp-" + container.netnsName()).start(dns::serveTcp);
        return dns;
    }

    private void serveUdp() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_QUERY + 1);
        while (!closed) {
            SocketAddress from;
            try {
                buf.clear();
                from = udp.receive(buf);
            } catch (IOException e) {
                return; // closed
            }
            if (buf.position() > MAX_QUERY) {
                continue; // bigger than any query: not answered
            }
            byte[] query = Arrays.copyOf(buf.array(), buf.position());
            switch (DnsResponder.answer(query, container.containerId(), sandbox.networks(), false)) {
                case DnsResponder.Reply r -> send(r.wire(), from);
                case DnsResponder.Forward f -> forwardUdp(query, from);
                case DnsResponder.Ignore i -> { }
            }
        }
    }

    private void forwardUdp(byte[] query, SocketAddress from) {
        Semaphore forwards = sandbox.dnsForwards();
        if (!forwards.tryAcquire()) {
            DnsResponder.serverFailure(query).ifPresent(b -> send(b, from));
            return;
        }
        Thread.ofVirtual().name("dns-forward").start(() -> {
            try (DatagramChannel up = sandbox.sockets().call(() -> DatagramChannel.open(StandardProtocolFamily.INET))) {
                up.connect(upstream());
                up.write(ByteBuffer.wrap(query));
                up.socket().setSoTimeout(TIMEOUT_MILLIS);
                DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
                long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
                while (System.nanoTime() < deadline) {
                    up.socket().receive(p);
                    if (DnsResponder.id(p.getData(), p.getLength()) == DnsResponder.id(query, query.length)) {
                        send(Arrays.copyOf(p.getData(), p.getLength()), from);
                        return;
                    }
                }
                DnsResponder.serverFailure(query).ifPresent(b -> send(b, from));
            } catch (IOException | RuntimeException e) {
                DnsResponder.serverFailure(query).ifPresent(b -> send(b, from));
            } finally {
                forwards.release();
            }
        });
    }

    private void send(byte[] wire, SocketAddress to) {
        try {
            udp.send(ByteBuffer.wrap(wire), to);
        } catch (IOException e) {
            // the asker went away, or we are closing
        }
    }

    private void serveTcp() {
        while (!closed) {
            SocketChannel client;
            try {
                client = tcp.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!tcpClients.tryAcquire()) {
                Splice.closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("dns-tcp-client").start(() -> {
                try (client) {
                    serveTcpClient(client);
                } catch (IOException | RuntimeException e) {
                    // a slow, broken or gone client: the connection just closes
                } finally {
                    tcpClients.release();
                }
            });
        }
    }

    private void serveTcpClient(SocketChannel client) throws IOException {
        client.socket().setSoTimeout(TIMEOUT_MILLIS);
        DataInputStream in = new DataInputStream(client.socket().getInputStream());
        DataOutputStream out = new DataOutputStream(client.socket().getOutputStream());
        for (int n = 0; n < MAX_TCP_QUERIES && !closed; n++) {
            int length;
            try {
                length = in.readUnsignedShort();
            } catch (IOException e) {
                return; // the client is done
            }
            if (length > MAX_QUERY) {
                return;
            }
            byte[] query = in.readNBytes(length);
            if (query.length < length) {
                return;
            }
            byte[] reply = switch (DnsResponder.answer(query, container.containerId(), sandbox.networks(), true)) {
                case DnsResponder.Reply r -> r.wire();
                case DnsResponder.Forward f -> forwardTcp(query);
                case DnsResponder.Ignore i -> null;
            };
            if (reply == null) {
                return;
            }
            out.writeShort(reply.length);
            out.write(reply);
            out.flush();
        }
    }

    private byte[] forwardTcp(byte[] query) {
        Semaphore forwards = sandbox.dnsForwards();
        if (!forwards.tryAcquire()) {
            return DnsResponder.serverFailure(query).orElse(null);
        }
        try (SocketChannel up = sandbox.sockets().openSocket()) {
            up.socket().connect(upstream(), TIMEOUT_MILLIS);
            up.socket().setSoTimeout(TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(up.socket().getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(up.socket().getInputStream());
            int length = in.readUnsignedShort();
            byte[] reply = in.readNBytes(length);
            return reply.length == length ? reply : DnsResponder.serverFailure(query).orElse(null);
        } catch (IOException | RuntimeException e) {
            return DnsResponder.serverFailure(query).orElse(null);
        } finally {
            forwards.release();
        }
    }

    /** The first IPv4 name server of the host's resolv.conf (what default-bridge containers get), else 8.8.8.8. */
    private static InetSocketAddress upstream() {
        List<Integer> servers = Egress.nameServers(Egress.HOST_RESOLV_CONF);
        int server = servers.isEmpty() ? Cidr.parseAddress("8.8.8.8") : servers.getFirst();
        return new InetSocketAddress(DnsResponder.inet(server), 53);
    }

    @Override
    public void close() {
        closed = true;
        Splice.closeQuietly(udp);
        Splice.closeQuietly(tcp);
    }
}
