package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * User networks in one sandbox: their own bridges and subnets, isolated from each other and from the
 * default bridge, names served by the embedded DNS inside each container's namespace, and live
 * connect/disconnect. Real namespaces, bridges and nft.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserNetworkTopologyTest {
    private final List<Process> servers = new ArrayList<>();
    private SandboxNetworks engine;
    private SandboxNetwork s;
    private BridgeNetwork front;
    private BridgeNetwork back;
    private ContainerNetwork web;
    private ContainerNetwork client;
    private ContainerNetwork other;
    private ContainerNetwork plain;
    private Path pages;

    @BeforeAll
    void sandbox() throws Exception {
        pages = Files.createTempDirectory("llnet-user");
        engine = new SandboxNetworks(NetworkSettings.defaults().withOutboundNat(false));
        s = engine.create(sandboxId());
        front = s.createNetwork("front", "", "", Map.of());
        back = s.createNetwork("back", "10.77.0.0/24", "", Map.of());
        web = on(front, "web", List.of("www"), "");
        client = on(front, "client", List.of(), "");
        other = on(back, "other", List.of(), "10.77.0.50");
        plain = s.attach(containerId());
        servers.add(httpd(web.netnsName(), pages.resolve("web"), "page of web"));
        awaitHttp(s.netnsName(), "http://" + web.ipAddress() + "/");
    }

    private ContainerNetwork on(BridgeNetwork n, String name, List<String> aliases, String ip) {
        String id = containerId();
        s.networks().join(id, new Networks.Membership(name, List.of(new EndpointRequest(n.id(), aliases, ip))));
        return s.attach(id);
    }

    @AfterAll
    void tearDown() {
        servers.forEach(Process::destroyForcibly);
        String id = s.id();
        s.destroy();
        HostFirewall.remove();
        assertEquals(List.of(), leftovers(id));
    }

    private static String nslookup(ContainerNetwork c, String name) {
        return run("timeout", "3", "ip", "netns", "exec", c.netnsName(), "busybox", "nslookup", name, "127.0.0.11").output();
    }

    /** One A query over TCP to 127.0.0.11:53 from inside {@code c}'s namespace; the first answer's address. */
    private static String overTcp(ContainerNetwork c, String name) throws Exception {
        try (NetnsSockets inside = NetnsSockets.enter(c.netnsPath()); var ch = inside.openSocket()) {
            ch.socket().connect(new java.net.InetSocketAddress("127.0.0.11", 53), 2000);
            ch.socket().setSoTimeout(3000);
            byte[] q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString(name, org.xbill.DNS.Name.root), org.xbill.DNS.Type.A,
                    org.xbill.DNS.DClass.IN)).toWire();
            var out = new java.io.DataOutputStream(ch.socket().getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            var in = new java.io.DataInputStream(ch.socket().getInputStream());
            byte[] reply = in.readNBytes(in.readUnsignedShort());
            var answers = new org.xbill.DNS.Message(reply).getSection(org.xbill.DNS.Section.ANSWER);
            return ((org.xbill.DNS.ARecord) answers.getFirst()).getAddress().getHostAddress();
        }
    }

    @Test
    void networksHaveTheirOwnBridgesAndSubnets() {
        assertEquals("172.18.0.2", web.ipAddress());
        assertEquals("10.77.0.50", other.ipAddress(), "--ip on a network with a configured subnet");
        assertEquals("172.20.0.2", plain.ipAddress());
        String br = run("ip", "-n", s.netnsName(), "-o", "addr", "show", front.interfaceName()).output();
        assertTrue(br.contains("inet 172.18.0.1/16"), br);
        assertTrue(run("ip", "-n", web.netnsName(), "route").output().contains("default via 172.18.0.1 dev eth0"));
    }

    @Test
    void containersOfOneNetworkReachEachOtherAndNoOtherNetworkReachesThem() {
        assertEquals("page of web", wget(client.netnsName(), "http://" + web.ipAddress() + "/").output());
        assertNotEquals(0, wget(other.netnsName(), "http://" + web.ipAddress() + "/").exit(), "another user network");
        assertNotEquals(0, wget(plain.netnsName(), "http://" + web.ipAddress() + "/").exit(), "the default bridge");
        assertEquals("page of web", wget(s.netnsName(), "http://" + web.ipAddress() + "/").output(),
                "the sandbox's shell reaches every network, as Docker's host does");
    }

    @Test
    void theEmbeddedDnsAnswersNamesAliasesAndShortIdsOnSharedNetworksOnly() throws Exception {
        String byName = nslookup(client, "web");
        assertTrue(byName.contains("Address: " + web.ipAddress()), byName);
        assertTrue(nslookup(client, "www").contains("Address: " + web.ipAddress()));
        assertTrue(nslookup(client, web.containerId().substring(0, 12)).contains("Address: " + web.ipAddress()));
        String fromOther = nslookup(other, "web");
        assertFalse(fromOther.contains(web.ipAddress()), fromOther);
        assertEquals(web.ipAddress(), overTcp(client, "web"), "DNS over TCP too");
        assertNotEquals(0, run("ip", "netns", "exec", plain.netnsName(), "busybox", "nc", "-z", "-w", "1", "127.0.0.11", "53").exit(),
                "no DNS in a default-bridge container");
    }

    @Test
    void connectAndDisconnectARunningContainer() {
        Endpoint e = other.connect(front, new EndpointRequest(front.id(), List.of("o2"), ""));
        assertEquals("eth1", e.iface());
        assertEquals("page of web", wget(other.netnsName(), "http://" + web.ipAddress() + "/").output());
        assertTrue(nslookup(client, "o2").contains("Address: " + e.ipAddress()));
        assertThrows(ConflictException.class, () -> other.connect(front, new EndpointRequest(front.id(), List.of(), "")));
        assertThrows(ConflictException.class, () -> s.removeNetwork(front), "it has containers");

        other.disconnect(front);
        assertNotEquals(0, wget(other.netnsName(), "http://" + web.ipAddress() + "/").exit());
        assertFalse(run("ip", "-n", other.netnsName(), "link", "show", "eth1").exit() == 0);
        assertFalse(nslookup(client, "o2").contains(e.ipAddress()));
    }

    @Test
    void anEmptyNetworkIsRemovedWithItsBridge() {
        BridgeNetwork temp = s.createNetwork("temp", "", "", Map.of());
        ContainerNetwork c = on(temp, "t", List.of(), "");
        assertThrows(ConflictException.class, () -> s.removeNetwork(temp));
        c.release();
        s.removeNetwork(temp);
        assertNotEquals(0, run("ip", "-n", s.netnsName(), "link", "show", temp.interfaceName()).exit());
        assertTrue(s.networks().find("temp").isEmpty());
    }
}
