package dev.layerlab.runtime.network;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One network of a sandbox: a Linux bridge in the sandbox namespace with its own subnet. The default
 * {@code bridge} ({@code br0}) or a user network ({@code br-<first 12 digits of its id>}, made by
 * {@code docker network create}); {@code none} and {@code host} are names only ({@link Networks}).
 */
public final class BridgeNetwork {
    private final String id;
    private final String name;
    private final Cidr subnet;
    private final int gateway;
    private final boolean userDefined;
    private final boolean subnetGiven;
    private final int index;
    private final Instant created;
    private final Map<String, String> labels;
    private final AddressAllocator addresses;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    BridgeNetwork(String id, String name, Cidr subnet, int gateway, boolean userDefined, boolean subnetGiven, int index,
                  Instant created, Map<String, String> labels) {
        this.id = id;
        this.name = name;
        this.subnet = subnet;
        this.gateway = gateway;
        this.userDefined = userDefined;
        this.subnetGiven = subnetGiven;
        this.index = index;
        this.created = created;
        this.labels = Map.copyOf(labels);
        this.addresses = new AddressAllocator(subnet);
        addresses.exclude(gateway);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Cidr subnet() {
        return subnet;
    }

    public String gateway() {
        return Cidr.toText(gateway);
    }

    /** Made by {@code docker network create}: its containers resolve each other by name. */
    public boolean userDefined() {
        return userDefined;
    }

    /** Its subnet was given ({@code --subnet}); only then may a container ask for {@code --ip}. */
    public boolean subnetGiven() {
        return subnetGiven;
    }

    public Instant created() {
        return created;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The bridge's interface in the sandbox namespace. */
    public String interfaceName() {
        return userDefined ? "br-" + id.substring(0, 12) : "br0";
    }

    /** The bridge's fixed interface index in the sandbox namespace (veths name their master by it). */
    int index() {
        return index;
    }

    AddressAllocator addresses() {
        return addresses;
    }

    /** The containers wired to it now, by address. */
    public List<Endpoint> endpoints() {
        return endpoints.values().stream().sorted(Comparator.comparingLong(e -> Integer.toUnsignedLong(e.address()))).toList();
    }

    Endpoint endpoint(String containerId) {
        return endpoints.get(containerId);
    }

    void add(Endpoint e) {
        endpoints.put(e.containerId(), e);
    }

    void remove(Endpoint e) {
        endpoints.remove(e.containerId(), e);
    }
}
