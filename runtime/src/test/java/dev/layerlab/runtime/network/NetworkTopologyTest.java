package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Two sandboxes side by side, with outbound NAT on (the case where the root namespace forwards):
 * each publishes port 5000 to its own web server; neither reaches the other nor the host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkTopologyTest {
    private final String idA = sandboxId();
    private final String idB = sandboxId();
    private final List<Process> servers = new ArrayList<>();
    private final List<PortProxy> proxies = new ArrayList<>();
    private String ipForwardBefore;
    private Path pages;
    private SandboxNetworks networks;
    private SandboxNetwork a;
    private SandboxNetwork b;
    private ContainerNetwork webA;
    private ContainerNetwork clientA;
    private ContainerNetwork webB;

    @BeforeAll
    void createTwoSandboxes() throws Exception {
        ipForwardBefore = HostFirewall.readIpForward();
        pages = Files.createTempDirectory("llnet-pages");
        networks = new SandboxNetworks(NetworkSettings.defaults());
        CompletableFuture<SandboxNetwork> fa = CompletableFuture.supplyAsync(() -> networks.create(idA));
        CompletableFuture<SandboxNetwork> fb = CompletableFuture.supplyAsync(() -> networks.create(idB));
        a = fa.join();
        b = fb.join();
        webA = a.attach(containerId());
        clientA = a.attach(containerId());
        webB = b.attach(containerId());
        servers.add(httpd(webA.netnsName(), pages.resolve("a"), "page of sandbox A"));
        servers.add(httpd(webB.netnsName(), pages.resolve("b"), "page of sandbox B"));
        awaitHttp(a.netnsName(), "http://" + webA.ipAddress() + "/");
        awaitHttp(b.netnsName(), "http://" + webB.ipAddress() + "/");
        proxies.add(PortProxy.publish(a.sockets(), "0.0.0.0", 5000, webA.ipAddress(), 80, "tcp"));
        proxies.add(PortProxy.publish(b.sockets(), null, 5000, webB.ipAddress(), 80, "tcp"));
    }

    @AfterAll
    void destroyEverything() throws Exception {
        servers.forEach(Process::destroyForcibly);
        proxies.forEach(PortProxy::close);
        if (a != null) {
            a.destroy();
        }
        if (b != null) {
            b.destroy();
        }
        HostFirewall.remove();
        HostFirewall.writeIpForward(ipForwardBefore);
        run("rm", "-rf", pages.toString());
        assertEquals(List.of(), leftovers(idA));
        assertEquals(List.of(), leftovers(idB));
        assertFalse(firewallTablePresent());
    }

    @Test
    void bothSandboxesCreatedAtOnceGotDistinctUplinks() {
        assertNotEquals(a.uplink(), b.uplink());
        assertTrue(NetworkSettings.DEFAULT_UPLINK_POOL.contains(a.uplink().network()));
        assertEquals(a.subnet(), b.subnet(), "every sandbox may use the same container subnet");
        assertEquals(webA.ipAddress(), webB.ipAddress(), "and so the same first container address");
    }

    @Test
    void eachSandboxReachesItsOwnPageOnLocalhost5000() {
        assertEquals("page of sandbox A", wget(a.netnsName(), "http://127.0.0.1:5000/").output());
        assertEquals("page of sandbox B", wget(b.netnsName(), "http://127.0.0.1:5000/").output());
        assertEquals("page of sandbox A", wget(a.netnsName(), "http://[::1]:5000/").output(), "0.0.0.0 publishes on IPv6 too");
    }

    @Test
    void containerReachesAnotherContainerOfItsSandboxByIp() {
        assertEquals("page of sandbox A", wget(clientA.netnsName(), "http://" + webA.ipAddress() + "/").output());
        assertEquals("page of sandbox A", wget(clientA.netnsName(), "http://" + a.gateway() + ":5000/").output(),
                "a container reaches published ports through its gateway");
    }

    @Test
    void sandboxCannotReachAnotherSandbox() {
        String url = "http://" + b.uplinkSandboxAddress() + ":5000/";
        assertEquals("page of sandbox B", httpGetFromRoot(b.uplinkSandboxAddress(), 5000),
                "control: B's published port does answer on B's uplink address");
        long dropsBefore = counter(rootTable(), "sandbox to sandbox");

        Result fromSandbox = wget(a.netnsName(), url);
        Result fromContainer = wget(clientA.netnsName(), url);

        assertNotEquals(0, fromSandbox.exit(), fromSandbox.output());
        assertNotEquals(0, fromContainer.exit(), fromContainer.output());
        assertTrue(counter(rootTable(), "sandbox to sandbox") > dropsBefore, "the sandbox-to-sandbox rule did the dropping");
        // B's container address, seen from A, is A's own container: B's bridge is not even addressable.
        assertEquals("page of sandbox A", wget(a.netnsName(), "http://" + webB.ipAddress() + "/").output());
    }

    @Test
    void sandboxCannotReachTheHostsOwnServices() throws Exception {
        try (ServerSocket hostService = new ServerSocket(0)) { // 0.0.0.0 in the root namespace
            InetSocketAddress viaUplink = new InetSocketAddress(a.uplinkHostAddress(), hostService.getLocalPort());
            try (Socket control = new Socket()) {
                control.connect(viaUplink, 1000); // from the host itself it is there
            }
            long dropsBefore = counter(rootTable(), "sandbox to host services");
            try (NetnsSockets inContainer = NetnsSockets.enter(clientA.netnsPath())) {
                assertFalse(connects(a.sockets(), viaUplink, 500), "from the sandbox");
                assertFalse(connects(inContainer, viaUplink, 500), "from a container");
                assertFalse(connects(a.sockets(), new InetSocketAddress("127.0.0.1", hostService.getLocalPort()), 500),
                        "the sandbox's loopback is its own");
            }
            assertTrue(counter(rootTable(), "sandbox to host services") > dropsBefore);
        }
    }

    @Test
    void publishingTheSamePortTwiceInOneSandboxFailsNamingIt() {
        ConflictException e = assertThrows(ConflictException.class,
                () -> PortProxy.publish(a.sockets(), "0.0.0.0", 5000, webA.ipAddress(), 80, "tcp"));
        assertEquals("Bind for 0.0.0.0:5000 failed: port is already allocated", e.getMessage());
        assertEquals("page of sandbox A", wget(a.netnsName(), "http://127.0.0.1:5000/").output(), "the first one still works");
    }

    @Test
    void namespacesAreConfiguredAsDescribed() {
        String netnsList = run("ip", "netns", "list").output();
        assertTrue(netnsList.contains("ll-" + idA) && netnsList.contains(webA.netnsName()), netnsList);
        assertEquals("1", run("ip", "netns", "exec", a.netnsName(), "cat", "/proc/sys/net/ipv4/ip_forward").output().strip());
        assertTrue(run("ip", "netns", "exec", a.netnsName(), "nft", "list", "table", "ip", "layerlab").output()
                .contains("oifname \"up0\" ip saddr != " + a.uplinkSandboxAddress() + " masquerade"));
        assertEquals("1", HostFirewall.readIpForward(), "outbound NAT on: the root namespace forwards");
        String eth0 = run("ip", "-n", webA.netnsName(), "-o", "addr", "show", "eth0").output();
        assertTrue(eth0.contains("inet " + webA.ipAddress() + "/16"), eth0);
        assertTrue(run("ip", "-n", webA.netnsName(), "link", "show", "eth0").output().contains("link/ether " + webA.macAddress()));
        assertTrue(run("ip", "-n", webA.netnsName(), "route").output().contains("default via 172.20.0.1 dev eth0"));
        assertTrue(run("ip", "-n", webA.netnsName(), "link", "show", "lo").output().contains("UP"));
        String uplink = run("ip", "-d", "link", "show", a.uplinkInterface()).output();
        assertTrue(uplink.contains("group " + HostFirewall.UPLINK_GROUP) && uplink.contains(a.uplinkInterface() + "@"), uplink);
    }

    private static String httpGetFromRoot(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            s.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes());
            String response = new String(s.getInputStream().readAllBytes());
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }
}
