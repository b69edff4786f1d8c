package dev.layerlab.runtime.network;

import java.util.List;

/**
 * A container's wish to be on a network ({@code --network}, {@code docker network connect}):
 * the network's id, its aliases there and an address asked for ({@code --ip}, empty for any).
 */
public record EndpointRequest(String networkId, List<String> aliases, String ipv4) {
    /** Aliases a container may have on one network: DNS names, bounded like everything a learner sends. */
    public static final int MAX_ALIASES = 16;

    public EndpointRequest {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ipv4 = ipv4 == null ? "" : ipv4;
        if (aliases.size() > MAX_ALIASES) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("at most " + MAX_ALIASES
                    + " network aliases per container and network in this playground");
        }
        for (String a : aliases) {
            if (!DnsNames.valid(a)) {
                throw new dev.layerlab.runtime.error.InvalidArgumentException("invalid network alias \"" + a
                        + "\": use letters, digits, '-', '_' and '.' (at most 253 characters)");
            }
        }
    }
}
