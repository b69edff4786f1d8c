package dev.layerlab.runtime.network;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One container's place on its sandbox's bridge: a namespace of its own with {@code lo} and
 * {@code eth0}, whose veth peer sits on {@code br0} in the sandbox namespace: made here
 * ({@link SandboxNetwork#attach}, pass {@link #netnsPath()} to runc) or by runc inside the sandbox's user
 * namespace and wired afterwards ({@link SandboxNetwork#reserve}, {@link #plugInto}).
 */
public final class ContainerNetwork {
    private final SandboxNetwork sandbox;
    private final String netnsName;
    private final int address;
    private final int prefixLength;
    private final AtomicBoolean released = new AtomicBoolean();

    ContainerNetwork(SandboxNetwork sandbox, String netnsName, int address, int prefixLength) {
        this.sandbox = sandbox;
        this.netnsName = netnsName;
        this.address = address;
        this.prefixLength = prefixLength;
    }

    public String netnsName() {
        return netnsName;
    }

    public Path netnsPath() {
        return Netns.path(netnsName);
    }

    public String ipAddress() {
        return Cidr.toText(address);
    }

    int address() {
        return address;
    }

    public int prefixLength() {
        return prefixLength;
    }

    public String gateway() {
        return sandbox.gateway();
    }

    /**
     * Docker's scheme, 02:42 followed by the IPv4 address: locally administered, unique on the
     * bridge, and the same for a reused address, so neighbours' ARP caches stay right.
     */
    public String macAddress() {
        return String.format("02:42:%02x:%02x:%02x:%02x",
                address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff);
    }

    public SandboxNetwork sandbox() {
        return sandbox;
    }

    /**
     * Wires the namespace of process {@code pid} (made by runc for this container, still before it
     * runs anything) to the sandbox's bridge: {@code eth0} with this address, default route via the bridge.
     */
    public void plugInto(long pid) {
        sandbox.plug(this, Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /**
     * Removes the namespace name and frees the address. Call it after the container's processes
     * have exited: the namespace (and the veth pair with it) lasts as long as anything is in it,
     * and the address may be handed out again at once. Idempotent.
     */
    public void release() {
        if (released.compareAndSet(false, true)) {
            sandbox.released(this);
        }
    }
}
