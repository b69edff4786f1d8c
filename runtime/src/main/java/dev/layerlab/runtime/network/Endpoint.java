package dev.layerlab.runtime.network;

import java.util.List;

/**
 * A running container's place on one network: the interface {@code iface} inside its namespace,
 * whose veth peer {@code outerVeth} sits on the network's bridge, and its address there.
 *
 * @param aliases its {@code --network-alias}es on this network (DNS names besides its name and short id)
 */
public record Endpoint(BridgeNetwork network, String containerId, String iface, String outerVeth, int address,
                       List<String> aliases) {
    public Endpoint {
        aliases = List.copyOf(aliases);
    }

    public String ipAddress() {
        return Cidr.toText(address);
    }

    public int prefixLength() {
        return network.subnet().prefixLength();
    }

    public String gateway() {
        return network.gateway();
    }

    /** Docker's scheme, 02:42 and the IPv4 address's four bytes. */
    public String macAddress() {
        return String.format("02:42:%02x:%02x:%02x:%02x",
                address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }
}
