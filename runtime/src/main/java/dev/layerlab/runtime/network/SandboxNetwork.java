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
    private final AddressAllocator addresses;
    private final Map<String, ContainerNetwork> containers = new ConcurrentHashMap<>();
    private final AtomicInteger vethSequence = new AtomicInteger();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile NetnsSockets sockets;

    private SandboxNetwork(String id, NetworkSettings settings, Cidr uplink, Consumer<SandboxNetwork> onDestroyed) {
        this.id = id;
        this.settings = settings;
        this.uplink = uplink;
        this.onDestroyed = onDestroyed;
        this.addresses = new AddressAllocator(settings.containerSubnet());
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
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
                return null;
            });
        } catch (IOException e) {
            throw new EngineException("configuring " + netnsName() + ": " + e.getMessage(), e);
        }
    }

    /** Gives container {@code containerId} an address on this sandbox's bridge, in a namespace of its own made here. */
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
     * An address on this sandbox's bridge for container {@code containerId}, whose namespace is made
     * later by runc (inside the sandbox's user namespace): {@link ContainerNetwork#plugInto} then wires it.
     */
    public ContainerNetwork reserve(String containerId) {
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new InvalidArgumentException("container id must be 12 to 64 hex digits: " + containerId);
        }
        checkAlive();
        String name = "llc-" + id + "-" + containerId.substring(0, 12);
        int address = addresses.allocate();
        ContainerNetwork container = new ContainerNetwork(this, name, address, settings.containerSubnet().prefixLength());
        containers.put(name, container);
        if (destroyed.get()) { // destroy() ran meanwhile and could not see this one
            container.release();
            checkAlive();
        }
        return container;
    }

    /** Names the container's namespace ({@code source}, or a new one if null) and wires its veth to the bridge. */
    void plug(ContainerNetwork container, Path source) {
        checkAlive();
        List<String> batch = Scripts.containerInside(this, container, "ve" + Integer.toHexString(vethSequence.incrementAndGet()));
        if (source == null) {
            Netns.create(container.netnsName(), () -> Commands.ipBatch(batch));
        } else {
            Netns.adopt(container.netnsName(), source, () -> Commands.ipBatch(batch));
        }
    }

    void released(ContainerNetwork container) {
        containers.remove(container.netnsName());
        Netns.delete(container.netnsName());
        addresses.release(container.address());
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
