package dev.layerlab.runtime;

import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.NetworkAttacher;

/**
 * What makes a space a sandbox's: where its bind mounts come from, how its containers get a
 * network, and its limits. The default space refuses binds and has no network.
 */
public record SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits) {
    public static SpaceOptions isolated(Limits limits) {
        return new SpaceOptions(BindResolver.REFUSE, NetworkAttacher.NONE, limits);
    }
}
