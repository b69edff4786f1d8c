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
    void removeIsIdempotent() {
        HostFirewall.apply(NetworkSettings.defaults().withOutboundNat(false));
        HostFirewall.remove();
        HostFirewall.remove();
        assertFalse(firewallTablePresent());
    }
}
