package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.container.NetworkAttacher;
import dev.layerlab.runtime.container.PortBinding;
import dev.layerlab.runtime.network.ContainerNetwork;
import dev.layerlab.runtime.network.PortProxy;
import dev.layerlab.runtime.network.SandboxNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * How the containers of one sandbox get their network: each its own namespace (made by runc in the
 * sandbox's user namespace, so the container's root owns it) plugged into the bridges of the networks
 * it is on ({@code network.Networks}: the default bridge unless it asked for others), and each published
 * port a listener inside the sandbox's namespace that the engine itself forwards to the container's first
 * address, whichever network that is on (so {@code curl localhost:5000} in the sandbox shell reaches it).
 */
final class SandboxNetworking implements NetworkAttacher {
    private final SandboxNetwork network;

    SandboxNetworking(SandboxNetwork network) {
        this.network = network;
    }

    @Override
    public java.util.Optional<java.nio.file.Path> outboundNamespace() {
        return java.util.Optional.of(network.netnsPath());
    }

    @Override
    public List<Joined> networksOf(String containerId) {
        return network.networks().joinedBy(containerId).stream().map(n -> new Joined(n.id(), n.name())).toList();
    }

    @Override
    public Attached attach(String containerId, List<PortBinding> ports) {
        ContainerNetwork net = network.reserve(containerId); // runc makes its namespace, in the sandbox's user namespace
        List<PortProxy> proxies = new ArrayList<>();
        List<PortBinding> published = new ArrayList<>();
        try {
            for (PortBinding p : net.ipAddress().isEmpty() ? List.<PortBinding>of() : ports) { // --network none: nothing to publish
                PortProxy proxy = PortProxy.publish(network.sockets(), p.hostIp(), p.hostPort(), net.ipAddress(),
                        p.containerPort(), p.protocol());
                proxies.add(proxy);
                published.add(new PortBinding(p.containerPort(), p.protocol(), p.hostIp(), proxy.hostPort()));
            }
        } catch (RuntimeException e) {
            proxies.forEach(PortProxy::close);
            net.release();
            throw e;
        }
        return new Attached(null, net.ipAddress(), net.gateway(), published, net::plugInto, () -> {
            proxies.forEach(PortProxy::close);
            net.release();
        }, net.embeddedDns());
    }

    @Override
    public void removed(String containerId) {
        network.networks().forget(containerId);
    }

    /** The sandbox's host container joins the sandbox's own namespace and keeps it. */
    NetworkAttacher forHost() {
        return (id, ports) -> new Attached(network.netnsPath(), network.uplinkSandboxAddress(), network.uplinkHostAddress(),
                List.of(), Plug.NOTHING, () -> { });
    }
}
