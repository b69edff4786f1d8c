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

    /** Inside S: containers of every network leave S under its uplink address, so the host only ever sees the pool. */
    static String sandboxNat(SandboxNetwork n) {
        return "table ip layerlab {\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    oifname \"" + UPLINK_INSIDE + "\" ip saddr != " + n.uplinkSandboxAddress() + " masquerade\n"
                + "  }\n"
                + "}\n";
    }

    /**
     * Inside S: no network reaches another (Docker's DOCKER-ISOLATION chains), one rule per bridge,
     * the chain replaced whole in one transaction whenever a network comes or goes. (With br_netfilter
     * loaded, traffic within one bridge passes this hook too, with that bridge as both ends: allowed.)
     */
    static String isolation(List<BridgeNetwork> bridges) {
        StringBuilder rules = new StringBuilder();
        for (BridgeNetwork b : bridges) {
            rules.append("    iifname \"").append(b.interfaceName()).append("\" oifname \"br*\" oifname != \"")
                    .append(b.interfaceName()).append("\" counter drop comment \"networks are isolated\"\n");
        }
        return "table ip layerlab {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter; policy accept;\n"
                + "  }\n"
                + "}\n"
                + "flush chain ip layerlab forward\n"
                + "table ip layerlab {\n"
                + "  chain forward {\n"
                + rules
                + "  }\n"
                + "}\n";
    }

    /** Inside S: a user network's bridge with its gateway address, at its fixed index. */
    static List<String> bridge(BridgeNetwork b) {
        return List.of(
                "link add " + b.interfaceName() + " index " + b.index() + " type bridge",
                "addr add " + b.gateway() + "/" + b.subnet().prefixLength() + " dev " + b.interfaceName(),
                "link set " + b.interfaceName() + " up");
    }

    /** Inside the container's namespace: loopback, each endpoint, the default route via the first. */
    static List<String> containerInside(SandboxNetwork n, List<Endpoint> endpoints) {
        List<String> lines = new java.util.ArrayList<>(List.of("link set lo up"));
        endpoints.forEach(e -> lines.addAll(endpoint(n, e)));
        if (!endpoints.isEmpty()) {
            lines.add("route add default via " + endpoints.getFirst().gateway());
        }
        return lines;
    }

    /**
     * Inside the container's namespace: one {@code link add} creates the pair with its outer end
     * already in S, on the network's bridge and up (the kernel resolves the master in the end's namespace).
     */
    static List<String> endpoint(SandboxNetwork n, Endpoint e) {
        return List.of(
                "link add " + e.outerVeth() + " netns " + n.netnsName() + " master if" + e.network().index() + " up"
                        + " type veth peer name " + e.iface() + " address " + e.macAddress(),
                "addr add " + e.ipAddress() + "/" + e.prefixLength() + " dev " + e.iface(),
                "link set " + e.iface() + " up");
    }
}
