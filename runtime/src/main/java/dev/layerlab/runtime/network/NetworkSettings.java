package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * Engine-wide network choices.
 *
 * @param uplinkPool      where each sandbox's /30 uplink to the root namespace comes from; must be
 *                        unused on the host, since these addresses are routed in the root namespace
 * @param containerSubnet the subnet of every sandbox's bridge; the same for all sandboxes, which is
 *                        fine because each sandbox is its own network namespace
 * @param outboundNat     whether sandboxes may reach the outside world (masqueraded by the host)
 */
public record NetworkSettings(Cidr uplinkPool, Cidr containerSubnet, boolean outboundNat) {
    public static final Cidr DEFAULT_UPLINK_POOL = Cidr.parse("10.213.0.0/16");
    public static final Cidr DEFAULT_CONTAINER_SUBNET = Cidr.parse("172.20.0.0/16");

    public NetworkSettings {
        if (uplinkPool.prefixLength() > 30) {
            throw new InvalidArgumentException("uplink pool " + uplinkPool + " is smaller than one /30");
        }
        if (containerSubnet.prefixLength() > 29) {
            throw new InvalidArgumentException("container subnet " + containerSubnet + " is too small");
        }
        if (uplinkPool.overlaps(containerSubnet)) {
            throw new InvalidArgumentException("uplink pool " + uplinkPool + " overlaps container subnet " + containerSubnet);
        }
    }

    public static NetworkSettings defaults() {
        return new NetworkSettings(DEFAULT_UPLINK_POOL, DEFAULT_CONTAINER_SUBNET, true);
    }

    public NetworkSettings withOutboundNat(boolean on) {
        return new NetworkSettings(uplinkPool, containerSubnet, on);
    }

    /** The bridge's address in every sandbox: the first host of the container subnet. */
    public int gateway() {
        return containerSubnet.address(1);
    }
}
