package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** The proxy between two sockets of one test namespace; servers and clients are Java, inside it. */
@Timeout(60)
class PortProxyTest {
    private final String name = "lltest-" + sandboxId();
    private final List<AutoCloseable> open = new ArrayList<>();
    private NetnsSockets ns;
    private int upperPort;
    private int echoPort;

    @BeforeEach
    void namespaceWithServers() throws IOException {
        Netns.create(name, () -> Commands.ipBatch(List.of("link set lo up")));
        ns = NetnsSockets.enter(Netns.path(name));
        upperPort = TestServers.start(ns, open, TestServers::uppercaseAfterEof);
        echoPort = TestServers.start(ns, open, TestServers::echo);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        ns.close();
        Netns.delete(name);
        assertFalse(run("ip", "netns", "list").output().contains(name));
    }

    private PortProxy publish(int targetPort) {
        PortProxy p = PortProxy.publish(ns, "0.0.0.0", 0, "127.0.0.1", targetPort, "tcp");
        open.add(p);
        return p;
    }

    private Socket client(PortProxy p) throws IOException {
        SocketChannel ch = ns.openSocket();
        ch.connect(new InetSocketAddress("127.0.0.1", p.hostPort()));
        Socket s = ch.socket();
        s.setSoTimeout(5000);
        open.add(s);
        return s;
    }

    /** Issue 10: one sandbox's processes opening connection after connection to its own published port. */
    @Test
    void connectionsBeyondTheSandboxsShareAreClosedAtOnce() throws IOException {
        PortProxy p = publish(echoPort);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < NetnsSockets.MAX_RELAYED; i++) {
            Socket s = client(p);
            s.getOutputStream().write('x');
            assertEquals('x', s.getInputStream().read(), "connection " + i + " within the share is relayed");
            held.add(s);
        }
        assertEquals(-1, readOrClosed(client(p)), "a connection beyond the share is closed");
        held.getFirst().close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            Socket again = client(p);
            if (readOrClosed(again) == 'y') {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "a freed permit is never given back");
        }
    }

    /** Writes one byte and reads the echo; -1 if the proxy closed (or reset) the connection. */
    private static int readOrClosed(Socket s) {
        try {
            s.getOutputStream().write('y');
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void halfCloseCarriesTheRequestsEndAndTheAnswerBack() throws IOException {
        Socket s = client(publish(upperPort));
        s.getOutputStream().write("hello through the proxy".getBytes(StandardCharsets.UTF_8));
        s.shutdownOutput(); // the server answers only after end of stream
        assertEquals("HELLO THROUGH THE PROXY", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void largeTransfersArriveIntactInBothDirections() throws Exception {
        Socket s = client(publish(echoPort));
        byte[] data = new byte[4 << 20];
        new Random(42).nextBytes(data);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                s.getOutputStream().write(data);
                s.shutdownOutput();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] back = s.getInputStream().readAllBytes();
        writer.join();
        assertTrue(Arrays.equals(data, back), "echoed " + back.length + " of " + data.length + " bytes");
    }

    @Test
    void closeStopsListeningAndCutsLiveConnections() throws IOException {
        PortProxy p = publish(echoPort);
        Socket s = client(p);
        s.getOutputStream().write('x');
        assertEquals('x', s.getInputStream().read());

        p.close();

        InputStream in = s.getInputStream();
        assertThrows(IOException.class, () -> {
            if (in.read() == -1) {
                throw new IOException("end of stream");
            }
        });
        assertFalse(connects(ns, new InetSocketAddress("127.0.0.1", p.hostPort()), 500));
    }

    @Test
    void aPortAlreadyInUseIsNamedInDockersWords() throws IOException {
        PortProxy first = publish(echoPort);
        ConflictException again = assertThrows(ConflictException.class,
                () -> PortProxy.publish(ns, "0.0.0.0", first.hostPort(), "127.0.0.1", echoPort, "tcp"));
        assertEquals("Bind for 0.0.0.0:" + first.hostPort() + " failed: port is already allocated", again.getMessage());
        ConflictException loopback = assertThrows(ConflictException.class,
                () -> PortProxy.publish(ns, "127.0.0.1", first.hostPort(), "127.0.0.1", echoPort, "tcp"));
        assertEquals("Bind for 127.0.0.1:" + first.hostPort() + " failed: port is already allocated", loopback.getMessage());
        ConflictException byAServer = assertThrows(ConflictException.class,
                () -> PortProxy.publish(ns, null, echoPort, "127.0.0.1", upperPort, "tcp"), "a process of the sandbox holds it");
        assertTrue(byAServer.getMessage().contains(":" + echoPort + " failed"), byAServer.getMessage());
    }

    @Test
    void onlyTcpAndValidAddressesArePublished() {
        InvalidArgumentException udp = assertThrows(InvalidArgumentException.class,
                () -> PortProxy.publish(ns, "0.0.0.0", 5353, "127.0.0.1", 53, "udp"));
        assertEquals("publishing UDP ports is not supported (only tcp): 5353/udp", udp.getMessage());
        assertThrows(InvalidArgumentException.class, () -> PortProxy.publish(ns, "0.0.0.0", 1, "127.0.0.1", 1, "sctp"));
        assertThrows(InvalidArgumentException.class, () -> PortProxy.publish(ns, "0.0.0.0", 70000, "127.0.0.1", 1, "tcp"));
        assertThrows(InvalidArgumentException.class, () -> PortProxy.publish(ns, "0.0.0.0", 1000, "127.0.0.1", 0, "tcp"));
        assertThrows(InvalidArgumentException.class, () -> PortProxy.publish(ns, "localhost", 1000, "127.0.0.1", 1, "tcp"));
        assertThrows(InvalidArgumentException.class, () -> PortProxy.publish(ns, "10.9.9.9", 1000, "127.0.0.1", 1, "TCP"),
                "not an address of the sandbox");
    }

    @Test
    void aContainerNotListeningClosesTheClientsConnection() throws IOException {
        int nothingThere;
        try (ServerSocketChannel probe = ns.openServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            nothingThere = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Socket s = client(publish(nothingThere));
        assertEquals(-1, s.getInputStream().read());
    }

    @Test
    void closingTheNamespacesSocketsClosesItsProxies() {
        PortProxy p = publish(echoPort);
        ns.close();
        assertFalse(p.isOpen());
    }

    @Test
    void roundTripTimings() throws IOException {
        PortProxy p = publish(echoPort);
        Socket proxied = client(p);
        Socket direct = ns.call(() -> {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", echoPort));
            return ch.socket();
        });
        open.add(direct);
        double viaProxy = TestServers.medianRoundTripMicros(proxied, 2000);
        double withoutProxy = TestServers.medianRoundTripMicros(direct, 2000);
        long t0 = System.nanoTime();
        int connections = 200;
        for (int i = 0; i < connections; i++) {
            try (Socket s = client(p)) {
                s.getOutputStream().write('y');
                assertEquals('y', s.getInputStream().read());
            }
        }
        double connectMicros = (System.nanoTime() - t0) / 1000.0 / connections;
        System.out.printf(Locale.ROOT, "TIMING proxy round trip (64 B, open connection): median %.0f us via proxy, %.0f us direct%n",
                viaProxy, withoutProxy);
        System.out.printf(Locale.ROOT, "TIMING proxy connect + 1-byte round trip + close: mean %.0f us%n", connectMicros);
        assertTrue(viaProxy < 20_000, "median round trip " + viaProxy + " us");
    }
}
