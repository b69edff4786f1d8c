package dev.layerlab.runtime.network;

import java.util.List;
import java.util.stream.Stream;

/**
 * The exact {@code ip -batch} and {@code nft -f} input of each setup step, in one place. Each list
 * is run by one process, in the namespace named in its description.
 */
final class Scripts {
    static final String UPLINK_INSIDE = "up0";
    // Container veths are created from inside the container's namespace, where "br0" cannot be
    // resolved by name; iproute2 accepts "if<index>", and a fixed index in S makes that possible.
    static final int BRIDGE_INDEX = 1000;

    private Scripts() {
    }

    /** Root namespace: makes S (unless it exists) and the uplink pair, root side tagged with the firewall's device group. */
    static List<String> rootUplink(SandboxNetwork n, boolean makeNamespace) {
        List<String> makeS = makeNamespace ? List.of("netns add " + n.netnsName()) : List.of();
        return Stream.concat(makeS.stream(), Stream.of(
                "link add " + n.uplinkInterface() + " group " + HostFirewall.UPLINK_GROUP
                        + " type veth peer name " + UPLINK_INSIDE + " netns " + n.netnsName(),
                "addr add " + n.uplinkHostAddress() + "/30 dev " + n.uplinkInterface(),
                "link set " + n.uplinkInterface() + " up")).toList();
    }

    /** Inside S: loopback, the bridge with the gateway address, the uplink and the default route. */
    static List<String> sandboxInside(SandboxNetwork n) {
        return List.of(
                "link set lo up",
                "link add br0 index " + BRIDGE_INDEX + " type bridge",
                "addr add " + n.gateway() + "/" + n.subnet().prefixLength() + " dev br0",
                "link set br0 up",
                "addr add " + n.uplinkSandboxAddress() + "/30 dev " + UPLINK_INSIDE,
                "link set " + UPLINK_INSIDE + " up",
                "route add default via " + n.uplinkHostAddress());
    }

    /** Inside S: containers leave S under its uplink address, so the host only ever sees the pool. */
    static String sandboxNat(SandboxNetwork n) {
        return "table ip layerlab {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr " + n.subnet() + " oifname \"" + UPLINK_INSIDE + "\" masquerade\n"
                + "  }\n"
                + "}\n";
    }

    /**
     * Inside the container's namespace: one {@code link add} creates the pair with its outer end
     * already in S, on the bridge and up (the kernel resolves the master in the end's namespace).
     */
    static List<String> containerInside(SandboxNetwork n, ContainerNetwork c, String outerVeth) {
        return List.of(
                "link set lo up",
                "link add " + outerVeth + " netns " + n.netnsName() + " master if" + BRIDGE_INDEX + " up"
                        + " type veth peer name eth0 address " + c.macAddress(),
                "addr add " + c.ipAddress() + "/" + c.prefixLength() + " dev eth0",
                "link set eth0 up",
                "route add default via " + n.gateway());
    }
}
