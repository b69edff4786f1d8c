package dev.layerlab.runtime.container;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives a starting container its network: a network namespace to join, or one runc makes and the
 * attacher then wires (with only loopback if nothing does), its address, and its published ports. Implemented per space by the
 * sandbox's network; the default has no network at all.
 */
public interface NetworkAttacher {
    NetworkAttacher NONE = (id, ports) -> {
        if (!ports.isEmpty()) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("publishing ports needs a sandbox network");
        }
        return new Attached(null, "", "", List.of(), Plug.NOTHING, () -> { });
    };

    Attached attach(String containerId, List<PortBinding> ports) throws IOException;

    /**
     * The namespace the space's own outbound requests are made from (ADD of a URL in a build), so they
     * leave through the sandbox's network with its rules, never the host's; empty without a network.
     */
    default java.util.Optional<Path> outboundNamespace() {
        return java.util.Optional.empty();
    }

    /** A Docker network a container is on, as its {@code connect} and {@code disconnect} events name it. */
    record Joined(String id, String name) {
    }

    /** The networks container {@code containerId} is on now (its events name them); none without a network. */
    default List<Joined> networksOf(String containerId) {
        return List.of();
    }

    /**
     * Where the container's network is: a namespace to join, or null for one runc makes (inside the
     * container's user namespace), which {@code plug} wires once runc has made it and before the
     * container runs; {@code release} undoes it all when the container stops.
     */
    record Attached(Path netnsPath, String ip, String gateway, List<PortBinding> published, Plug plug,
                    AutoCloseable release, boolean embeddedDns) {
        /** Without the embedded DNS: the container's resolv.conf is the host's (the default bridge). */
        public Attached(Path netnsPath, String ip, String gateway, List<PortBinding> published, Plug plug,
                        AutoCloseable release) {
            this(netnsPath, ip, gateway, published, plug, release, false);
        }
    }

    /**
     * Container {@code containerId} has been removed: whatever the attacher keeps for it (the networks it
     * asked to be on) goes too.
     */
    default void removed(String containerId) {
    }

    /** Wires the network namespace of the created container's process {@code pid}. */
    @FunctionalInterface
    interface Plug {
        Plug NOTHING = pid -> { };

        void into(long pid) throws IOException;
    }
}
