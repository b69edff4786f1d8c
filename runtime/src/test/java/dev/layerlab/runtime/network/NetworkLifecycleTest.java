package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** Creating, attaching, releasing and destroying leave exactly what they should; crash leftovers go. */
class NetworkLifecycleTest {
    private final List<SandboxNetwork> made = new ArrayList<>();
    private SandboxNetworks networks;

    @BeforeEach
    void engine() {
        networks = new SandboxNetworks(NetworkSettings.defaults().withOutboundNat(false));
    }

    @AfterEach
    void cleanUp() {
        made.forEach(SandboxNetwork::destroy);
        HostFirewall.remove();
        for (SandboxNetwork n : made) {
            assertEquals(List.of(), leftovers(n.id()));
        }
        assertFalse(firewallTablePresent());
    }

    private SandboxNetwork sandbox() {
        SandboxNetwork n = networks.create(sandboxId());
        made.add(n);
        return n;
    }

    @Test
    void destroyLeavesNothingAndIsIdempotent() throws Exception {
        SandboxNetwork n = sandbox();
        ContainerNetwork c1 = n.attach(containerId());
        ContainerNetwork c2 = n.attach(containerId());
        PortProxy proxy = PortProxy.publish(n.sockets(), "0.0.0.0", 8080, c1.ipAddress(), 80, "tcp");
        assertEquals(3, leftovers(n.id()).stream().filter(s -> s.startsWith("netns")).count());

        n.destroy();
        n.destroy();

        assertEquals(List.of(), leftovers(n.id()));
        assertFalse(Files.exists(n.netnsPath()));
        assertFalse(Files.exists(c1.netnsPath()) || Files.exists(c2.netnsPath()));
        assertFalse(run("ip", "netns", "list").output().contains(n.id()));
        assertFalse(proxy.isOpen(), "published ports close with their sandbox (an open socket would pin S)");
        made.add(networks.create(n.id())); // the id can be used again
        assertThrows(ConflictException.class, () -> n.attach(containerId()));
    }

    @Test
    void releaseRemovesTheNamespaceAndTheAddressComesBack() {
        SandboxNetwork n = sandbox();
        ContainerNetwork c1 = n.attach(containerId());
        ContainerNetwork c2 = n.attach(containerId());
        assertEquals("172.20.0.2", c1.ipAddress());
        assertEquals("172.20.0.3", c2.ipAddress());
        assertEquals("02:42:ac:14:00:02", c1.macAddress());

        c1.release();
        c1.release();

        assertFalse(run("ip", "netns", "list").output().contains(c1.netnsName()));
        ContainerNetwork c3 = n.attach(containerId());
        assertEquals("172.20.0.2", c3.ipAddress());
        assertEquals(List.of(c2.netnsName(), c3.netnsName()).stream().sorted().toList(),
                n.containers().stream().map(ContainerNetwork::netnsName).sorted().toList());
    }

    @Test
    void concurrentAttachesGetDistinctAddresses() throws Exception {
        SandboxNetwork n = sandbox();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ContainerNetwork>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> n.attach(containerId())));
            }
            Set<String> ips = new HashSet<>();
            for (Future<ContainerNetwork> f : futures) {
                ContainerNetwork c = f.get();
                ips.add(c.ipAddress());
                assertTrue(run("ip", "-n", c.netnsName(), "-o", "addr", "show", "eth0").output().contains(c.ipAddress()));
            }
            assertEquals(16, ips.size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sandboxIdsAreCheckedAndUnique() {
        SandboxNetwork n = sandbox();
        assertThrows(ConflictException.class, () -> networks.create(n.id()));
        assertThrows(InvalidArgumentException.class, () -> networks.create("Has-Upper"));
        assertThrows(InvalidArgumentException.class, () -> networks.create("waytoolongid13"));
        assertThrows(InvalidArgumentException.class, () -> n.attach("not-hex"));
        ContainerNetwork c = n.attach("abcdef012345" + "67");
        assertThrows(ConflictException.class, () -> n.attach("abcdef012345" + "89"), "same short id, same namespace name");
        c.release();
    }

    @Test
    void removeLeftoversRemovesWhatACrashedEngineLeftAndNothingElse() {
        SandboxNetwork crashed = networks.create(sandboxId()); // never destroyed: "the engine died"
        crashed.attach(containerId());
        made.add(crashed); // in case an assertion below fails

        SandboxNetworks restarted = new SandboxNetworks(NetworkSettings.defaults().withOutboundNat(false));
        SandboxNetwork fresh = restarted.create(sandboxId());
        made.add(fresh);
        assertNotEquals(crashed.uplink(), fresh.uplink(), "a surviving uplink is never handed out again");

        restarted.removeLeftovers(Set.of(crashed.id(), fresh.id()));

        assertEquals(List.of(), leftovers(crashed.id()));
        assertEquals(2, leftovers(fresh.id()).size(), "the live sandbox (netns and uplink) is kept");
    }
}
