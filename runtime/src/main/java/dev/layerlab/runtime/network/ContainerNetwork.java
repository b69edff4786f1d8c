package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One container's network namespace and its places on the sandbox's networks: {@code lo}, and an
 * {@code ethN} per network whose veth peer sits on that network's bridge in the sandbox namespace
 * (none at all for {@code --network none}). Made here ({@link SandboxNetwork#attach}, pass
 * {@link #netnsPath()} to runc) or by runc inside the sandbox's user namespace and wired afterwards
 * ({@link SandboxNetwork#reserve}, {@link #plugInto}). A container on a user network also gets the
 * embedded DNS at 127.0.0.11:53 inside its namespace ({@link EmbeddedDns}).
 */
public final class ContainerNetwork {
    private final SandboxNetwork sandbox;
    private final String containerId;
    private final String netnsName;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final AtomicBoolean released = new AtomicBoolean();
    private EmbeddedDns dns;
    private boolean plugged;

    ContainerNetwork(SandboxNetwork sandbox, String containerId, String netnsName) {
        this.sandbox = sandbox;
        this.containerId = containerId;
        this.netnsName = netnsName;
    }

    public String containerId() {
        return containerId;
    }

    public String netnsName() {
        return netnsName;
    }

    public Path netnsPath() {
        return Netns.path(netnsName);
    }

    /** Its endpoints now, the first holding the default route. */
    public synchronized List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** The first endpoint's address (/etc/hosts, {@code docker inspect}'s top-level IPAddress); empty without one. */
    public synchronized String ipAddress() {
        return endpoints.isEmpty() ? "" : endpoints.getFirst().ipAddress();
    }

    /** The first endpoint's MAC address; empty without one. */
    public synchronized String macAddress() {
        return endpoints.isEmpty() ? "" : endpoints.getFirst().macAddress();
    }

    public synchronized String gateway() {
        return endpoints.isEmpty() ? "" : endpoints.getFirst().gateway();
    }

    /** The embedded DNS serves it: it is on a user network. */
    public synchronized boolean embeddedDns() {
        return endpoints.stream().anyMatch(e -> e.network().userDefined());
    }

    public SandboxNetwork sandbox() {
        return sandbox;
    }

    synchronized void addReserved(Endpoint e) {
        endpoints.add(e);
    }

    /** The next free {@code ethN} inside the namespace. */
    synchronized String nextInterface() {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (endpoints.stream().noneMatch(e -> e.iface().equals(name))) {
                return name;
            }
        }
    }

    synchronized boolean plugged() {
        return plugged;
    }

    synchronized void pluggedWith(EmbeddedDns server) {
        plugged = true;
        dns = server;
    }

    synchronized Endpoint endpointOn(String networkId) {
        return endpoints.stream().filter(e -> e.network().id().equals(networkId)).findFirst().orElse(null);
    }

    synchronized void removeEndpoint(Endpoint e) {
        endpoints.remove(e);
    }

    /**
     * Wires the namespace of process {@code pid} (made by runc for this container, still before it
     * runs anything) to its networks: {@code ethN} with their addresses, the default route via the first.
     */
    public void plugInto(long pid) {
        sandbox.plug(this, Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /** {@code docker network connect} of a running container: a new {@code ethN} on that network, now. */
    public Endpoint connect(BridgeNetwork network, EndpointRequest request) {
        if (endpointOn(network.id()) != null) {
            throw new ConflictException("endpoint with name " + containerId.substring(0, 12) + " already exists in network "
                    + network.name());
        }
        return sandbox.connectLive(this, network, request);
    }

    /** {@code docker network disconnect} of a running container: its {@code ethN} on that network goes. */
    public void disconnect(BridgeNetwork network) {
        Endpoint e = endpointOn(network.id());
        if (e == null) {
            throw new NotFoundException("container " + containerId.substring(0, 12) + " is not connected to network "
                    + network.name());
        }
        sandbox.disconnectLive(this, e);
    }

    /**
     * Removes the namespace name, stops its DNS and frees the addresses. Call it after the container's
     * processes have exited: the namespace (and the veths with it) lasts as long as anything is in it,
     * and the addresses may be handed out again at once. Idempotent.
     */
    public void release() {
        if (released.compareAndSet(false, true)) {
            EmbeddedDns d;
            synchronized (this) {
                d = dns;
                dns = null;
            }
            if (d != null) {
                d.close();
            }
            sandbox.released(this);
        }
    }

    boolean isReleased() {
        return released.get();
    }
}
