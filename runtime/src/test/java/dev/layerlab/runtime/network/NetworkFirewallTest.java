package dev.layerlab.runtime.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** The root namespace's table {@code inet layerlab}, as nft itself lists it. */
class NetworkFirewallTest {
    private static final String G = Integer.toString(HostFirewall.UPLINK_GROUP);
    private String ipForwardBefore;

    @BeforeEach
    void remember() {
        ipForwardBefore = HostFirewall.readIpForward();
    }

    @AfterEach
    void restore() {
        HostFirewall.remove();
        HostFirewall.writeIpForward(ipForwardBefore);
        assertFalse(firewallTablePresent());
    }

    @Test
    void outboundNatOnMasqueradesThePoolAndForwards() {
        HostFirewall.writeIpForward("0");
        new SandboxNetworks(NetworkSettings.defaults());

        String table = rootTable();
        assertTrue(table.contains("iifgroup " + G + " oifgroup " + G + " counter packets"), table);
        assertTrue(table.contains("drop comment \"sandbox to sandbox\""), table);
        assertTrue(table.contains("iifgroup " + G + " ct state established,related counter"), table);
        assertTrue(table.contains("drop comment \"sandbox to host services\""), table);
        assertTrue(table.contains("ip saddr 10.213.0.0/16 oifgroup != " + G + " counter"), table);
        assertTrue(table.contains("masquerade comment \"outbound NAT\""), table);
        assertFalse(table.contains("outbound NAT off"), table);
        assertEquals("1", HostFirewall.readIpForward());
    }

    @Test
    void outboundNatOffDropsForwardingAndLeavesIpForwardAlone() {
        HostFirewall.writeIpForward("0");
        SandboxNetworks networks = new SandboxNetworks(NetworkSettings.defaults());
        networks.setOutboundNat(false);

        String table = rootTable();
        assertFalse(table.contains("masquerade"), table);
        assertTrue(table.contains("iifgroup " + G + " counter packets 0 bytes 0 drop comment \"outbound NAT off\""), table);
        assertTrue(table.contains("drop comment \"sandbox to sandbox\""), table);
        assertFalse(networks.settings().outboundNat());

        networks.setOutboundNat(true);
        assertTrue(rootTable().contains("masquerade"));
        assertFalse(rootTable().contains("outbound NAT off"));
    }

    @Test
    void applyingTwiceReplacesRatherThanAppends() {
        HostFirewall.apply(NetworkSettings.defaults().withOutboundNat(false));
        HostFirewall.apply(NetworkSettings.defaults().withOutboundNat(false));

        String table = rootTable();
        assertEquals(1, table.split("comment \"sandbox to sandbox\"", -1).length - 1, table);
        assertEquals(1, table.split("comment \"sandbox to host services\"", -1).length - 1, table);
    }

    @Test
    void egressIsThePublicInternetPlusTheResolversAndTheOperatorsRanges(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path resolv = dir.resolve("resolv.conf");
        java.nio.file.Files.writeString(resolv, "nameserver 10.9.8.7\nnameserver 127.0.0.53\nnameserver fd00::1\nsearch lan\n");
        HostFirewall.apply(NetworkSettings.defaults().withAllowedEgress(java.util.List.of(Cidr.parse("192.168.77.0/24"),
                Cidr.parse("192.168.77.5/32"))), resolv);

        String table = rootTable();
        String forward = table.substring(table.indexOf("chain forward"), table.indexOf("chain postrouting"));
        String dns = "iifgroup " + G + " ip daddr 10.9.8.7 meta l4proto { tcp, udp } th dport 53 counter";
        assertTrue(forward.contains(dns), table);
        assertTrue(table.substring(0, table.indexOf("chain forward")).contains(dns), "the host's own resolver too: " + table);
        assertFalse(table.contains("127.0.0.53"), table);
        assertTrue(forward.contains("iifgroup " + G + " ip daddr 192.168.77.0/24 counter"), "one range, the /32 inside it: " + table);
        int blocked = forward.indexOf("comment \"not the public internet");
        assertTrue(blocked > forward.indexOf(dns) && blocked > forward.indexOf("allowed by the operator"), table);
        String blockedLine = forward.lines().filter(l -> l.contains("not the public internet")).findFirst().orElseThrow();
        for (String range : java.util.List.of("10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16")) {
            assertTrue(blockedLine.contains(range), range + " in " + blockedLine);
        }
        java.util.List<Cidr> blockedRanges = Egress.ofHost(NetworkSettings.defaults(), resolv).blocked();
        for (Cidr own : Egress.hostNetworks()) { // the host's LAN, whatever its range
            assertTrue(blockedRanges.stream().anyMatch(b -> b.overlaps(own)), own + " is blocked: " + blockedRanges);
        }
    }

    @Test
    void removeIsIdempotent() {
        HostFirewall.apply(NetworkSettings.defaults().withOutboundNat(false));
        HostFirewall.remove();
        HostFirewall.remove();
        assertFalse(firewallTablePresent());
    }
}
