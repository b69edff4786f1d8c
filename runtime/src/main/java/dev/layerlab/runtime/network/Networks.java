package dev.layerlab.runtime.network;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The networks of one sandbox as Docker names them, and which container wants to be on which: the
 * default {@code bridge}, the names {@code host} and {@code none}, and at most {@link #MAX_USER_NETWORKS}
 * user networks. Only the sandbox's own networks are here, so no name or id of another sandbox's
 * can ever be resolved. Pure bookkeeping: {@link SandboxNetwork} makes the bridges.
 */
public final class Networks {
    public static final int MAX_USER_NETWORKS = 10;
    public static final String BRIDGE = "bridge";
    public static final String HOST = "host";
    public static final String NONE = "none";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    /**
     * A container's networks: its name (DNS), what it asked for, and whether it was created with
     * {@code --network none} (only loopback, never connected); no endpoints without {@code none}: it was
     * disconnected from all of them.
     */
    public record Membership(String containerName, List<EndpointRequest> endpoints, boolean none) {
        public Membership {
            endpoints = none ? List.of() : List.copyOf(endpoints);
        }

        public Membership(String containerName, List<EndpointRequest> endpoints) {
            this(containerName, endpoints, false);
        }
    }

    private final BridgeNetwork defaultBridge;
    private final String hostId;
    private final String noneId;
    private final SubnetPool pool;
    private final Map<String, BridgeNetwork> user = new LinkedHashMap<>();
    private final Map<String, Membership> members = new ConcurrentHashMap<>();

    Networks(String sandboxId, Cidr defaultSubnet, int defaultGateway, List<Cidr> reserved) {
        this.defaultBridge = new BridgeNetwork(predefinedId(sandboxId, BRIDGE), BRIDGE, defaultSubnet, defaultGateway,
                false, false, Scripts.BRIDGE_INDEX, Instant.EPOCH, Map.of());
        this.hostId = predefinedId(sandboxId, HOST);
        this.noneId = predefinedId(sandboxId, NONE);
        List<Cidr> all = new ArrayList<>(reserved);
        all.add(defaultSubnet);
        this.pool = new SubnetPool(all);
    }

    /** The predefined networks' ids: stable for a sandbox, different between sandboxes. */
    private static String predefinedId(String sandboxId, String name) {
        return Digest.of((name + ":" + sandboxId).getBytes(StandardCharsets.UTF_8)).hex();
    }

    public BridgeNetwork defaultBridge() {
        return defaultBridge;
    }

    public String hostId() {
        return hostId;
    }

    public String noneId() {
        return noneId;
    }

    /** The default bridge and the user networks, in creation order. */
    public synchronized List<BridgeNetwork> bridges() {
        List<BridgeNetwork> out = new ArrayList<>();
        out.add(defaultBridge);
        out.addAll(user.values());
        return out;
    }

    /**
     * A network by full id, name or unique id prefix, as Docker resolves them: {@code bridge}, a user
     * network; {@code host} and {@code none} are answered by {@link #predefinedName}.
     */
    public synchronized Optional<BridgeNetwork> find(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        List<BridgeNetwork> all = bridges();
        for (BridgeNetwork n : all) {
            if (n.id().equals(ref)) {
                return Optional.of(n);
            }
        }
        for (BridgeNetwork n : all) {
            if (n.name().equals(ref)) {
                return Optional.of(n);
            }
        }
        List<BridgeNetwork> prefixed = all.stream().filter(n -> n.id().startsWith(ref)).toList();
        if (prefixed.size() > 1) {
            throw new InvalidArgumentException("network " + ref + " is ambiguous (" + prefixed.size() + " matches found on id)");
        }
        return prefixed.stream().findFirst();
    }

    /** {@code host} or {@code none} when {@code ref} names one of them (name, id or id prefix). */
    public Optional<String> predefinedName(String ref) {
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        if (ref.equals(HOST) || hostId.startsWith(ref)) {
            return Optional.of(HOST);
        }
        if (ref.equals(NONE) || noneId.startsWith(ref)) {
            return Optional.of(NONE);
        }
        return Optional.empty();
    }

    /** As {@link #find}, or Docker's 404. */
    public BridgeNetwork get(String ref) {
        return find(ref).orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
    }

    /** Records a new user network (its bridge is made by the caller); Docker's checks and words. */
    synchronized BridgeNetwork add(String name, String subnet, String gateway, Map<String, String> labels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid network name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are"
                    + " allowed, at most 128 characters");
        }
        if (name.equals(BRIDGE) || name.equals(HOST) || name.equals(NONE)
                || user.values().stream().anyMatch(n -> n.name().equals(name))) {
            throw new ConflictException("network with name " + name + " already exists");
        }
        if (user.size() >= MAX_USER_NETWORKS) {
            throw new ConflictException("this sandbox already has " + MAX_USER_NETWORKS + " networks, its limit:"
                    + " remove some first (docker network rm, or docker network prune)");
        }
        if (labels.size() > 64) {
            throw new InvalidArgumentException("at most 64 labels per network in this playground");
        }
        List<Cidr> taken = user.values().stream().map(BridgeNetwork::subnet).toList();
        boolean given = subnet != null && !subnet.isEmpty();
        if (!given && gateway != null && !gateway.isEmpty()) {
            throw new InvalidArgumentException("cannot specify a gateway without a subnet (--subnet)");
        }
        Cidr cidr = given ? pool.check(subnet, taken) : pool.next(taken);
        int gw = SubnetPool.gateway(cidr, gateway);
        BridgeNetwork n = new BridgeNetwork(newId(), name, cidr, gw, true, given, freeIndex(), Instant.now(), labels);
        user.put(n.id(), n);
        return n;
    }

    synchronized void removed(BridgeNetwork n) {
        user.remove(n.id(), n);
    }

    private int freeIndex() {
        for (int i = Scripts.BRIDGE_INDEX + 1; ; i++) {
            int candidate = i;
            if (user.values().stream().noneMatch(n -> n.index() == candidate)) {
                return candidate;
            }
        }
    }

    private String newId() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        return find(id.substring(0, 12)).isPresent() ? newId() : id;
    }

    /** What container {@code containerId} asked for; none recorded: the default bridge. */
    public Membership membership(String containerId) {
        return members.get(containerId);
    }

    /** Records where a new container goes ({@code --network}, {@code --network-alias}, {@code --ip}). */
    public void join(String containerId, Membership m) {
        members.put(containerId, m);
    }

    /** The container was renamed: its DNS name follows. */
    public void renamed(String containerId, String name) {
        members.computeIfPresent(containerId, (id, m) -> new Membership(name, m.endpoints(), m.none()));
    }

    /** The container is gone. */
    public void forget(String containerId) {
        members.remove(containerId);
    }

    /** The container's wishes, as stored or as the default bridge. */
    /** The networks container {@code containerId} is on (or will be at its next start). */
    public List<BridgeNetwork> joinedBy(String containerId) {
        return wanted(containerId).stream().map(e -> find(e.networkId())).flatMap(Optional::stream).toList();
    }

    List<EndpointRequest> wanted(String containerId) {
        Membership m = members.get(containerId);
        return m == null ? List.of(new EndpointRequest(defaultBridge.id(), List.of(), "")) : m.endpoints();
    }

    synchronized void want(String containerId, String containerName, EndpointRequest r) {
        Membership m = members.get(containerId);
        List<EndpointRequest> next = new ArrayList<>(m == null ? wanted(containerId) : m.endpoints());
        next.removeIf(e -> e.networkId().equals(r.networkId()));
        next.add(r);
        members.put(containerId, new Membership(m == null ? containerName : m.containerName(), next));
    }

    synchronized void unwant(String containerId, String containerName, String networkId) {
        Membership m = members.get(containerId);
        List<EndpointRequest> next = new ArrayList<>(m == null ? wanted(containerId) : m.endpoints());
        next.removeIf(e -> e.networkId().equals(networkId));
        members.put(containerId, new Membership(m == null ? containerName : m.containerName(), next));
    }

    /**
     * The embedded DNS's answer for {@code name} asked by container {@code askerId}: the addresses, on
     * each user network the asker is on now, of the containers there whose name, alias or short id it is.
     * Empty: not a container's name (forward it).
     */
    public List<Integer> lookup(String askerId, String name) {
        String q = DnsNames.normal(name);
        List<Integer> out = new ArrayList<>();
        for (BridgeNetwork n : bridges()) {
            if (!n.userDefined() || n.endpoint(askerId) == null) {
                continue;
            }
            for (Endpoint e : n.endpoints()) {
                if (answers(e, q)) {
                    out.add(e.address());
                }
            }
        }
        return out;
    }

    private boolean answers(Endpoint e, String q) {
        Membership m = members.get(e.containerId());
        if (m != null && DnsNames.normal(m.containerName()).equals(q)) {
            return true;
        }
        if (e.containerId().substring(0, 12).equals(q)) {
            return true;
        }
        return e.aliases().stream().anyMatch(a -> DnsNames.normal(a).equals(q));
    }
}
