package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One sandbox's network world: namespace {@code ll-<id>} with a bridge for its containers and an
 * uplink to the root namespace (see the package documentation for the picture). Made by
 * {@link SandboxNetworks#create}; {@link #destroy()} removes everything it made.
 */
public final class SandboxNetwork {
    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

    private final String id;
    private final NetworkSettings settings;
    private final Cidr uplink;
    private final Consumer<SandboxNetwork> onDestroyed;
    private final Networks networks;
    private final Map<String, ContainerNetwork> containers = new ConcurrentHashMap<>();
    private final AtomicInteger vethSequence = new AtomicInteger();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile NetnsSockets sockets;
    private final java.util.concurrent.Semaphore dnsForwards = new java.util.concurrent.Semaphore(EmbeddedDns.MAX_FORWARDS);

    private SandboxNetwork(String id, NetworkSettings settings, Cidr uplink, Consumer<SandboxNetwork> onDestroyed) {
        this.id = id;
        this.settings = settings;
        this.uplink = uplink;
        this.onDestroyed = onDestroyed;
        this.networks = new Networks(id, settings.containerSubnet(), settings.gateway(), List.of(settings.uplinkPool()));
    }

    static SandboxNetwork create(String id, NetworkSettings settings, Cidr uplink, Path namespace,
                                 Consumer<SandboxNetwork> onDestroyed) {
        SandboxNetwork network = new SandboxNetwork(id, settings, uplink, onDestroyed);
        if (Files.exists(network.netnsPath())) {
            onDestroyed.accept(network);
            throw new ConflictException("a network for sandbox " + id + " already exists (" + network.netnsPath() + ")");
        }
        try {
            network.build(namespace);
        } catch (RuntimeException e) {
            network.destroy();
            throw e;
        }
        return network;
    }

    private void build(Path namespace) {
        if (namespace != null) {
            Netns.adopt(netnsName(), namespace, () -> { });
        }
        Commands.ipBatch(Scripts.rootUplink(this, namespace == null));
        sockets = NetnsSockets.enter(netnsPath());
        try {
            sockets.call(() -> {
                // On the thread inside S: the processes it starts and the sysctl it writes are S's.
                Commands.ipBatch(Scripts.sandboxInside(this));
                Commands.nft(Scripts.sandboxNat(this));
                Commands.nft(Scripts.isolation(networks.bridges()));
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
                return null;
            });
        } catch (IOException e) {
            throw new EngineException("configuring " + netnsName() + ": " + e.getMessage(), e);
        }
    }

    /** Gives container {@code containerId} its addresses, in a namespace of its own made here. */
    public ContainerNetwork attach(String containerId) {
        ContainerNetwork container = reserve(containerId);
        try {
            plug(container, null);
        } catch (RuntimeException e) {
            container.release();
            throw e;
        }
        return container;
    }

    /**
     * Addresses on the networks container {@code containerId} is to be on ({@link Networks#membership};
     * the default bridge unless it asked otherwise), whose namespace is made later by runc (inside the
     * sandbox's user namespace): {@link ContainerNetwork#plugInto} then wires it.
     */
    public ContainerNetwork reserve(String containerId) {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new InvalidArgumentException("container id must be 12 to 64 hex digits: " + containerId);
        }
        checkAlive();
        String name = "llc-" + id + "-" + containerId.substring(0, 12);
        ContainerNetwork container = new ContainerNetwork(this, containerId, name);
        if (containers.putIfAbsent(name, container) != null) {
            throw new ConflictException("container " + containerId.substring(0, 12) + " already has a network");
        }
        try {
            for (EndpointRequest r : networks.wanted(containerId)) {
                BridgeNetwork n = networks.find(r.networkId())
                        .orElseThrow(() -> new dev.layerlab.runtime.error.NotFoundException("network " + r.networkId() + " not found"));
                container.addReserved(newEndpoint(container, n, r));
            }
        } catch (RuntimeException e) {
            container.release();
            throw e;
        }
        if (destroyed.get()) { // destroy() ran meanwhile and could not see this one
            container.release();
            checkAlive();
        }
        return container;
    }

    private Endpoint newEndpoint(ContainerNetwork container, BridgeNetwork n, EndpointRequest r) {
        int address;
        if (r.ipv4().isEmpty()) {
            address = n.addresses().allocate();
        } else {
            if (!n.subnetGiven()) {
                throw new InvalidArgumentException("user specified IP address is supported only when connecting to"
                        + " networks with user configured subnets");
            }
            address = n.addresses().allocate(Cidr.parseAddress(r.ipv4()));
        }
        Endpoint e = new Endpoint(n, container.containerId(), container.nextInterface(),
                "ve" + Integer.toHexString(vethSequence.incrementAndGet()), address, r.aliases());
        n.add(e);
        return e;
    }

    /** Names the container's namespace ({@code source}, or a new one if null) and wires its veths to the bridges. */
    void plug(ContainerNetwork container, Path source) {
        checkAlive();
        List<Endpoint> endpoints = container.endpoints();
        Netns.Setup setup = () -> {
            Commands.ipBatch(Scripts.containerInside(this, endpoints));
            // On the thread inside the container's namespace: the DNS's sockets are born there.
            container.pluggedWith(container.embeddedDns() ? EmbeddedDns.open(container, this) : null);
        };
        if (source == null) {
            Netns.create(container.netnsName(), setup);
        } else {
            Netns.adopt(container.netnsName(), source, setup);
        }
    }

    /** A new endpoint wired into the running container's namespace at once. */
    synchronized Endpoint connectLive(ContainerNetwork container, BridgeNetwork n, EndpointRequest r) {
        checkAlive();
        if (!container.plugged() || container.isReleased()) {
            throw new ConflictException("container " + container.containerId().substring(0, 12) + " is not running");
        }
        Endpoint e = newEndpoint(container, n, r);
        boolean first = container.endpoints().isEmpty();
        try {
            Netns.enter(container.netnsName(), () -> {
                List<String> lines = new java.util.ArrayList<>(Scripts.endpoint(this, e));
                if (first) {
                    lines.add("route add default via " + e.gateway());
                }
                Commands.ipBatch(lines);
            });
        } catch (RuntimeException ex) {
            n.remove(e);
            n.addresses().release(e.address());
            throw ex;
        }
        container.addReserved(e);
        return e;
    }

    /** The endpoint's interface removed from the running container's namespace; the default route moves on. */
    synchronized void disconnectLive(ContainerNetwork container, Endpoint e) {
        List<Endpoint> before = container.endpoints();
        container.removeEndpoint(e);
        e.network().remove(e);
        try {
            if (container.plugged() && !container.isReleased()) {
                Netns.enter(container.netnsName(), () -> {
                    List<String> lines = new java.util.ArrayList<>(List.of("link del " + e.iface()));
                    if (before.getFirst() == e && before.size() > 1) {
                        lines.add("route replace default via " + before.get(1).gateway());
                    }
                    Commands.ipBatch(lines);
                });
            }
        } finally {
            e.network().addresses().release(e.address());
        }
    }

    void released(ContainerNetwork container) {
        containers.remove(container.netnsName(), container);
        try {
            Netns.delete(container.netnsName());
        } finally {
            for (Endpoint e : container.endpoints()) {
                container.removeEndpoint(e);
                e.network().remove(e);
                e.network().addresses().release(e.address());
            }
        }
    }

    /** Queries the embedded DNS of this sandbox's containers forwards upstream at once. */
    java.util.concurrent.Semaphore dnsForwards() {
        return dnsForwards;
    }

    /** This sandbox's networks by Docker's names (only its own: nothing of another sandbox is in there). */
    public Networks networks() {
        return networks;
    }

    /** The live network of container {@code containerId}, if it runs. */
    public java.util.Optional<ContainerNetwork> container(String containerId) {
        return containers.values().stream().filter(c -> c.containerId().equals(containerId)).findFirst();
    }

    /** {@code docker network create}: a new bridge in S with its own subnet (see {@link Networks}, {@link SubnetPool}). */
    public synchronized BridgeNetwork createNetwork(String name, String subnet, String gateway, Map<String, String> labels) {
        checkAlive();
        BridgeNetwork n = networks.add(name, subnet, gateway, labels);
        try {
            sockets.call(() -> {
                Commands.ipBatch(Scripts.bridge(n));
                return Commands.nft(Scripts.isolation(networks.bridges()));
            });
        } catch (IOException | RuntimeException e) {
            networks.removed(n);
            throw new EngineException("creating network " + name + ": " + e.getMessage(), e);
        }
        return n;
    }

    /**
     * {@code docker network connect}: container {@code containerId} is to be on {@code n} from now on, and
     * is wired to it at once if it runs (a stopped one is wired at its next start, as in Docker).
     */
    public synchronized void connect(String containerId, String containerName, BridgeNetwork n, EndpointRequest r) {
        checkAlive();
        Networks.Membership m = networks.membership(containerId);
        if (m != null && m.none()) {
            throw new InvalidArgumentException("container cannot be connected to network " + n.name()
                    + ": it was created with --network none");
        }
        if (networks.wanted(containerId).stream().anyMatch(e -> e.networkId().equals(n.id()))) {
            throw new ConflictException("endpoint with name " + containerName + " already exists in network " + n.name());
        }
        if (!r.ipv4().isEmpty() && !n.subnetGiven()) {
            throw new InvalidArgumentException("user specified IP address is supported only when connecting to"
                    + " networks with user configured subnets");
        }
        if (!n.userDefined() && !r.aliases().isEmpty()) {
            throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
        }
        java.util.Optional<ContainerNetwork> live = container(containerId).filter(ContainerNetwork::plugged);
        if (live.isPresent()) {
            live.get().connect(n, r);
        }
        networks.want(containerId, containerName, r);
    }

    /** {@code docker network disconnect}: off {@code n}, at once if it runs. */
    public synchronized void disconnect(String containerId, String containerName, BridgeNetwork n) {
        checkAlive();
        if (networks.wanted(containerId).stream().noneMatch(e -> e.networkId().equals(n.id()))) {
            throw new InvalidArgumentException("container " + containerName + " is not connected to network " + n.name());
        }
        container(containerId).filter(ContainerNetwork::plugged).ifPresent(c -> {
            if (c.endpointOn(n.id()) != null) {
                c.disconnect(n);
            }
        });
        networks.unwant(containerId, containerName, n.id());
    }

    /** {@code docker network prune}: the user networks no running container is on; their names. */
    public synchronized List<String> prune() {
        List<String> removed = new java.util.ArrayList<>();
        for (BridgeNetwork n : networks.bridges()) {
            if (n.userDefined() && n.endpoints().isEmpty()) {
                removeNetwork(n);
                removed.add(n.name());
            }
        }
        return removed;
    }

    /** {@code docker network rm}: refused while a container is on it, as Docker refuses it. */
    public synchronized void removeNetwork(BridgeNetwork n) {
        if (!n.userDefined()) {
            throw new InvalidArgumentException(n.name() + " is a pre-defined network and cannot be removed");
        }
        if (!n.endpoints().isEmpty()) {
            throw new ConflictException("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints");
        }
        try {
            networks.removed(n);
            sockets.call(() -> {
                Commands.ipBatch(List.of("link del " + n.interfaceName()));
                return Commands.nft(Scripts.isolation(networks.bridges()));
            });
        } catch (IOException e) {
            throw new EngineException("removing network " + n.name() + ": " + e.getMessage(), e);
        }
    }

    /** Removes the containers' namespaces, S and the uplink; published ports close. Idempotent. */
    public void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        try {
            List.copyOf(containers.values()).forEach(ContainerNetwork::release);
            if (sockets != null) {
                sockets.close();
            }
            // Deleted explicitly: something may still pin S (a process, a socket), but the uplink,
            // and with it the sandbox's way out, must go now.
            if (Files.exists(Path.of("/sys/class/net", uplinkInterface()))) {
                Commands.ipBatch(List.of("link del " + uplinkInterface()));
            }
        } finally {
            Netns.delete(netnsName());
            onDestroyed.accept(this);
        }
    }

    private void checkAlive() {
        if (destroyed.get()) {
            throw new ConflictException("the network of sandbox " + id + " has been destroyed");
        }
    }

    public String id() {
        return id;
    }

    public String netnsName() {
        return "ll-" + id;
    }

    /** For the sandbox host container's OCI spec: {@code linux.namespaces: [{type: network, path: ...}]}. */
    public Path netnsPath() {
        return Netns.path(netnsName());
    }

    /** Opens sockets inside S: where published ports listen and where they connect from. */
    public NetnsSockets sockets() {
        checkAlive();
        return sockets;
    }

    public String uplinkInterface() {
        return "ll" + id;
    }

    public Cidr uplink() {
        return uplink;
    }

    public String uplinkHostAddress() {
        return Cidr.toText(uplink.address(1));
    }

    public String uplinkSandboxAddress() {
        return Cidr.toText(uplink.address(2));
    }

    /** The default bridge's gateway. */
    public String gateway() {
        return Cidr.toText(settings.gateway());
    }

    public Cidr subnet() {
        return settings.containerSubnet();
    }

    public List<ContainerNetwork> containers() {
        return List.copyOf(containers.values());
    }
}
