package dev.layerlab.server.security;

import com.sun.net.httpserver.HttpServer;
import dev.layerlab.runtime.network.Cidr;
import dev.layerlab.runtime.network.NetworkSettings;
import dev.layerlab.runtime.network.SandboxNetworks;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * With outbound NAT on, a sandbox reaches the public internet and nothing else: not a machine on the
 * host's LAN (a {@link LanHost} on a private address), not the host itself, unless the operator opens
 * the range with {@code --allow-egress}. Traffic goes only to the test's own namespace and link.
 */
class EgressAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    static LanHost lan;
    static SandboxNetworks networks;
    static NetworkSettings before;
    static HttpServer hostService;

    @BeforeAll
    static void start() throws Exception {
        lan = LanHost.start(fx.data.resolve("lan"));
        networks = fx.service.sandboxes().networks();
        before = networks.settings();
        networks.setOutboundNat(true);
        // A service of the host itself, listening on the host's address on the LAN link.
        hostService = HttpServer.create(new InetSocketAddress(lan.hostAddress, 0), 0);
        hostService.createContext("/", ex -> {
            byte[] body = "host-service\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        hostService.start();
    }

    @AfterEach
    void closeAgain() {
        networks.setAllowedEgress(List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (networks != null) {
            networks.setAllowedEgress(before.allowedEgress());
            networks.setOutboundNat(before.outboundNat());
        }
        if (hostService != null) {
            hostService.stop(0);
        }
        if (lan != null) {
            lan.close();
        }
    }

    /** What busybox wget in a learner's container fetched from {@code url} in 3 s, or "unreachable". */
    private static String fetchFromContainer(String url) throws Exception {
        return fx.cli.run("run", "--rm", "busybox", "sh", "-c",
                "timeout 3 wget -q -O - " + url + " 2>/dev/null || echo unreachable").assertOk().out();
    }

    @Test
    void a_machine_on_the_hosts_lan_is_unreachable_by_default() throws Exception {
        assertEquals("unreachable", fetchFromContainer(lan.url()));
        assertEquals("unreachable", fx.ok("curl -s -m 3 " + lan.url() + " || echo unreachable").out(),
                "from the sandbox's own shell too");
    }

    @Test
    void allow_egress_opens_exactly_its_range() throws Exception {
        networks.setAllowedEgress(List.of(Cidr.parse(lan.address + "/32")));
        assertEquals("lan-host", fetchFromContainer(lan.url()));
        // The host's own address next to it stays closed: the host is never a destination.
        networks.setAllowedEgress(List.of(Cidr.parse(lan.link)));
        assertEquals("lan-host", fetchFromContainer(lan.url()));
        assertEquals("unreachable", fetchFromContainer("http://" + lan.hostAddress + ":" + hostService.getAddress().getPort() + "/"));
    }

    @Test
    void the_hosts_own_services_are_unreachable() throws Exception {
        assertEquals("unreachable", fetchFromContainer("http://" + lan.hostAddress + ":" + hostService.getAddress().getPort() + "/"));
    }
}
