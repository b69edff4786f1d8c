package dev.layerlab.runtime;

import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.NetworkAttacher;
import dev.layerlab.runtime.disk.LoopDisk;
import dev.layerlab.runtime.userns.IdRange;
import dev.layerlab.runtime.userns.UserNamespace;

/**
 * What makes a space a sandbox's: where its bind mounts come from, how its containers get a
 * network, its container limits, its quotas, its disk and its user namespace. The default space refuses binds, has no network,
 * no quotas and no disk of its own.
 *
 * @param disk the sandbox's own disk, holding this space's writable layers, volumes, logs and build
 *             temporaries (and bounding them with its size, which is also the quota of the images the space
 *             adds); null: they live in the data directory, unbounded
 * @param userns the sandbox's user namespace, which every container of the space joins (its volumes
 *               belong to the namespace's root); null: containers run as the real root, with Docker's confinement
 */
public record SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits, SpaceQuotas quotas,
                           LoopDisk disk, UserNamespace userns) {
    public SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits, SpaceQuotas quotas, LoopDisk disk) {
        this(binds, networks, limits, quotas, disk, null);
    }

    public SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits, SpaceQuotas quotas) {
        this(binds, networks, limits, quotas, null);
    }

    /** The ids the space's containers have on the real host. */
    public IdRange ids() {
        return userns == null ? IdRange.NONE : userns.range();
    }

    public SpaceOptions(BindResolver binds, NetworkAttacher networks, Limits limits) {
        this(binds, networks, limits, SpaceQuotas.NONE);
    }

    public static SpaceOptions isolated(Limits limits) {
        return new SpaceOptions(BindResolver.REFUSE, NetworkAttacher.NONE, limits);
    }
}
