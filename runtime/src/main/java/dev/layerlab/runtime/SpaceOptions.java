package dev.layerlab.runtime;

import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.NetworkAttacher;

/**
 * What makes a space a sandbox's: where its bind mounts come from, how its containers get a
 * network, its container limits and its quotas. The default space refuses binds, has no network
 * and no quotas.
 */
public record SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits, SpaceQuotas quotas) {
    public SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits) {
        this(binds, networks, limits, SpaceQuotas.NONE);
    }

    public static SpaceOptions isolated(Limits limits) {
        return new SpaceOptions(BindResolver.REFUSE, NetworkAttacher.NONE, limits);
    }
}
