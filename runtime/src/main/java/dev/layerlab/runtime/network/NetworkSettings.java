package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.List;

/**
 * Engine-wide network choices.
 *
 * @param uplinkPool      where each sandbox's /30 uplink to the root namespace comes from; must be
 *                        unused on the host, since these addresses are routed in the root namespace
 * @param containerSubnet the subnet of every sandbox's bridge; the same for all sandboxes, which is
 *                        fine because each sandbox is its own network namespace
 * @param outboundNat     whether sandboxes may reach the outside world (masqueraded by the host)
 * @param allowedEgress   destinations the operator opens although they are not the public internet
 *                        (a LAN mirror, a proxy): see {@link Egress} for what is closed otherwise
 */
public record NetworkSettings(Cidr uplinkPool, Cidr containerSubnet, boolean outboundNat, List<Cidr> allowedEgress) {
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
        allowedEgress = List.copyOf(allowedEgress);
    }

    /** Nothing opened beyond the public internet. */
    public NetworkSettings(Cidr uplinkPool, Cidr containerSubnet, boolean outboundNat) {
        this(uplinkPool, containerSubnet, outboundNat, List.of());
    }

    public static NetworkSettings defaults() {
        return new NetworkSettings(DEFAULT_UPLINK_POOL, DEFAULT_CONTAINER_SUBNET, true);
    }

    public NetworkSettings withOutboundNat(boolean on) {
        return new NetworkSettings(uplinkPool, containerSubnet, on, allowedEgress);
    }

    public NetworkSettings withAllowedEgress(List<Cidr> prefixes) {
        return new NetworkSettings(uplinkPool, containerSubnet, outboundNat, prefixes);
    }

    /** The bridge's address in every sandbox: the first host of the container subnet. */
    public int gateway() {
        return containerSubnet.address(1);
    }
}
