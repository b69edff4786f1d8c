package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The engine's side of sandbox networking: the settings, the root namespace's firewall and the
 * uplink pool. One per engine; it makes {@link SandboxNetwork}s. Must be used from threads in the
 * root network namespace (any ordinary thread of the engine).
 */
public final class SandboxNetworks {
    // Short because interface names are limited to 15 bytes: "ll" + id must fit.
    private static final Pattern SANDBOX_ID = Pattern.compile("[a-z0-9]{1,12}");

    private final UplinkPool uplinks;
    private final Map<String, SandboxNetwork> live = new ConcurrentHashMap<>();
    private final Set<String> creating = ConcurrentHashMap.newKeySet();
    private volatile NetworkSettings settings;

    /** Applies the root namespace's rules for {@code settings} (idempotent). */
    public SandboxNetworks(NetworkSettings settings) {
        this.settings = settings;
        this.uplinks = new UplinkPool(settings.uplinkPool());
        HostFirewall.apply(settings);
    }

    public NetworkSettings settings() {
        return settings;
    }

    /** The operator switch: sandboxes may (or may no longer) reach the outside world. Takes effect at once. */
    public synchronized void setOutboundNat(boolean on) {
        NetworkSettings next = settings.withOutboundNat(on);
        HostFirewall.apply(next);
        settings = next;
    }

    /** The operator's {@code --allow-egress} ranges (replacing the previous ones). Takes effect at once. */
    public synchronized void setAllowedEgress(java.util.List<Cidr> prefixes) {
        NetworkSettings next = settings.withAllowedEgress(prefixes);
        HostFirewall.apply(next);
        settings = next;
    }

    /** Creates the network world of sandbox {@code sandboxId} ([a-z0-9]{1,12}) in a new namespace. */
    public SandboxNetwork create(String sandboxId) {
        return create(sandboxId, null);
    }

    /**
     * {@link #create(String)} in the existing namespace {@code namespace} (one a sandbox's user
     * namespace owns, so that its root may mount sysfs there); null: a new one.
     */
    public SandboxNetwork create(String sandboxId, java.nio.file.Path namespace) {
        if (!SANDBOX_ID.matcher(sandboxId).matches()) {
            throw new InvalidArgumentException("sandbox id must match [a-z0-9]{1,12}: " + sandboxId);
        }
        if (live.containsKey(sandboxId) || !creating.add(sandboxId)) {
            throw new ConflictException("a network for sandbox " + sandboxId + " already exists");
        }
        try {
            SandboxNetwork network = SandboxNetwork.create(sandboxId, settings, uplinks.allocate(), namespace,
                    this::destroyed);
            live.put(sandboxId, network);
            return network;
        } finally {
            creating.remove(sandboxId);
        }
    }

    /**
     * Removes the networks of these sandboxes, left by an earlier run of this engine; other engines'
     * sandboxes on the same host are not touched.
     */
    public void removeLeftovers(Set<String> sandboxIds) {
        Set<String> gone = new HashSet<>(sandboxIds);
        gone.removeAll(live.keySet());
        StaleNetworks.removeOnly(gone);
    }

    private void destroyed(SandboxNetwork network) {
        live.remove(network.id(), network);
        uplinks.release(network.uplink());
    }
}
