package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** Sockets made by {@link NetnsSockets} live in its namespace, whichever thread uses them later. */
class NetworkNetnsSocketsTest {
    private final String name = "lltest-" + sandboxId();
    private NetnsSockets sockets;

    @BeforeEach
    void namespace() {
        Netns.create(name, () -> Commands.ipBatch(List.of("link set lo up")));
        sockets = NetnsSockets.enter(Netns.path(name));
    }

    @AfterEach
    void removeNamespace() {
        sockets.close();
        Netns.delete(name);
        assertFalse(run("ip", "netns", "list").output().contains(name));
    }

    @Test
    void aListenerInTheNamespaceDoesNotOccupyTheHostsPort() throws Exception {
        try (ServerSocketChannel inside = sockets.openServerSocket()) {
            inside.bind(new InetSocketAddress("127.0.0.1", 0)); // bound from this (root namespace) thread
            int port = ((InetSocketAddress) inside.getLocalAddress()).getPort();
            try (ServerSocket host = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertEquals(port, host.getLocalPort(), "same port free on the host: another namespace");
            }
            try (SocketChannel client = sockets.openSocket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port));
                try (SocketChannel accepted = inside.accept()) {
                    assertNotNull(accepted);
                }
            }
        }
    }

    @Test
    void tasksAndTheProcessesTheyStartRunInsideTheNamespace() throws Exception {
        Object inode = Files.getAttribute(Netns.path(name), "unix:ino");
        String thread = sockets.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        assertEquals("net:[" + inode + "]", thread);
        assertNotEquals(thread, Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(), "the caller stays home");
        String links = sockets.call(() -> Commands.run(List.of("ip", "-o", "link"), List.of()));
        assertEquals(1, links.lines().count(), links);
        assertTrue(links.contains("lo:"), links);
    }

    @Test
    void enteringAMissingNamespaceFailsInsteadOfStayingOnTheHost() {
        EngineException e = assertThrows(EngineException.class, () -> NetnsSockets.enter(Netns.path("lltest-missing")));
        assertTrue(e.getMessage().contains("lltest-missing"), e.getMessage());
        assertThrows(EngineException.class, () -> NetnsSockets.enter(Path.of("/etc/hostname")), "not a namespace");
    }

    @Test
    void closedMeansNoMoreSockets() {
        sockets.close();
        sockets.close();
        assertThrows(IOException.class, sockets::openSocket);
    }

    @Test
    void creatingANamespaceTwiceIsAConflictAndAFailedSetupLeavesNothing() {
        assertThrows(dev.layerlab.runtime.error.ConflictException.class, () -> Netns.create(name, () -> { }));
        String broken = "lltest-broken";
        assertThrows(EngineException.class, () -> Netns.create(broken, () -> Commands.ipBatch(List.of("link set nosuchdev up"))));
        assertFalse(Files.exists(Netns.path(broken)));
    }
}
