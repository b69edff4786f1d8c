package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.network.BridgeNetwork;
import dev.layerlab.runtime.network.ContainerNetwork;
import dev.layerlab.runtime.network.Endpoint;
import dev.layerlab.runtime.network.EndpointRequest;
import dev.layerlab.runtime.network.Networks;
import dev.layerlab.runtime.network.SandboxNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sandbox's networks as {@code /networks} shows them, and a container's place on them as
 * {@code docker inspect}'s NetworkSettings.Networks and {@code ps} show it (API 1.44's fields).
 */
final class NetworkJson {
    private NetworkJson() {
    }

    /** The sandbox's network; empty in setups without one (some tests). */
    static Optional<SandboxNetwork> of(SandboxContext ctx) {
        try {
            return Optional.ofNullable(ctx.sandboxes().network(ctx.sandbox()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A bridge network: the default one or a user network, with the containers on it now. */
    static Map<String, Object> bridge(BridgeNetwork n, Map<String, String> namesById) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", n.userDefined() ? Map.of() : null);
        ipam.put("Config", List.of(Map.of("Subnet", n.subnet().toString(), "Gateway", n.gateway())));
        Map<String, Object> containers = new LinkedHashMap<>();
        for (Endpoint e : n.endpoints()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("Name", namesById.getOrDefault(e.containerId(), e.containerId().substring(0, 12)));
            c.put("EndpointID", endpointId(e));
            c.put("MacAddress", e.macAddress());
            c.put("IPv4Address", e.ipAddress() + "/" + e.prefixLength());
            c.put("IPv6Address", "");
            containers.put(e.containerId(), c);
        }
        Map<String, Object> options = n.userDefined() ? Map.of() : Map.of(
                "com.docker.network.bridge.default_bridge", "true",
                "com.docker.network.bridge.enable_icc", "true",
                "com.docker.network.bridge.enable_ip_masquerade", "true",
                "com.docker.network.bridge.name", "docker0",
                "com.docker.network.driver.mtu", "1500");
        return network(n.name(), n.id(), n.userDefined() ? DockerTime.rfc3339Nano(n.created()) : DockerTime.ZERO, "bridge",
                ipam, containers, options, n.labels());
    }

    /** {@code host} or {@code none}: names only (host is refused on use). */
    static Map<String, Object> predefined(String name, String id) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null);
        ipam.put("Config", List.of());
        return network(name, id, DockerTime.ZERO, name.equals(Networks.HOST) ? "host" : "null", ipam, Map.of(), Map.of(),
                Map.of());
    }

    private static Map<String, Object> network(String name, String id, String created, String driver,
                                               Map<String, Object> ipam, Map<String, Object> containers,
                                               Map<String, Object> options, Map<String, String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", id);
        m.put("Created", created);
        m.put("Scope", "local");
        m.put("Driver", driver);
        m.put("EnableIPv6", false);
        m.put("IPAM", ipam);
        m.put("Internal", false);
        m.put("Attachable", false);
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        m.put("Containers", containers);
        m.put("Options", options);
        m.put("Labels", labels);
        return m;
    }

    /** A stable endpoint id: the network's and the container's ids mixed, never a secret. */
    private static String endpointId(Endpoint e) {
        return dev.layerlab.runtime.content.Digest.of((e.network().id() + ":" + e.containerId() + ":" + e.iface())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
    }

    /** Docker's HostConfig.NetworkMode: the network it was created on ({@code bridge}, a name, {@code none}). */
    static String mode(SandboxContext ctx, ContainerRecord r) {
        Optional<SandboxNetwork> net = of(ctx);
        if (net.isEmpty()) {
            return "bridge";
        }
        Networks.Membership m = net.get().networks().membership(r.id());
        if (m == null) {
            return "bridge";
        }
        if (m.none()) {
            return Networks.NONE;
        }
        return m.endpoints().isEmpty() ? "bridge"
                : net.get().networks().find(m.endpoints().getFirst().networkId()).map(BridgeNetwork::name).orElse("bridge");
    }

    /**
     * NetworkSettings.Networks of a container: each network it is on (for a stopped one, those it will
     * be on, with no address), by name. Null when the sandbox has no network: the caller's old view.
     */
    static Map<String, Object> endpoints(SandboxContext ctx, ContainerRecord r) {
        Optional<SandboxNetwork> net = of(ctx);
        if (net.isEmpty()) {
            return null;
        }
        Networks networks = net.get().networks();
        Networks.Membership m = networks.membership(r.id());
        List<EndpointRequest> wanted = m == null ? List.of(new EndpointRequest(networks.defaultBridge().id(), List.of(), ""))
                : m.endpoints();
        Optional<ContainerNetwork> live = net.get().container(r.id());
        Map<String, Object> out = new LinkedHashMap<>();
        if (m != null && m.none()) {
            out.put(Networks.NONE, endpoint(networks.noneId(), List.of(), null, null, r));
            return out;
        }
        for (EndpointRequest w : wanted) {
            Optional<BridgeNetwork> n = networks.find(w.networkId());
            if (n.isEmpty()) {
                continue; // removed while the container was stopped: its next start says so
            }
            Endpoint e = live.flatMap(c -> c.endpoints().stream().filter(x -> x.network() == n.get()).findFirst()).orElse(null);
            out.put(n.get().name(), endpoint(n.get().id(), w.aliases(), w.ipv4().isEmpty() ? null : w.ipv4(), e,
                    n.get().userDefined() ? r : null));
        }
        return out;
    }

    /** {@code docker ps --filter network=X}: the summary's networks include one named X or with id X. */
    static boolean onAny(Map<String, Object> summary, java.util.Set<String> wanted) {
        if (!(summary.get("NetworkSettings") instanceof Map<?, ?> settings)
                || !(settings.get("Networks") instanceof Map<?, ?> networks)) {
            return false;
        }
        for (Map.Entry<?, ?> e : networks.entrySet()) {
            Object id = e.getValue() instanceof Map<?, ?> m ? m.get("NetworkID") : null;
            if (wanted.contains(String.valueOf(e.getKey())) || wanted.contains(String.valueOf(id))) {
                return true;
            }
        }
        return false;
    }

    /** {@code dnsOf}: the container whose DNS names to list (user networks only), or null. */
    private static Map<String, Object> endpoint(String networkId, List<String> aliases, String askedIp, Endpoint e,
                                                ContainerRecord dnsOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IPAMConfig", askedIp == null ? null : Map.of("IPv4Address", askedIp));
        m.put("Links", null);
        m.put("Aliases", aliases.isEmpty() ? null : aliases);
        m.put("MacAddress", e == null ? "" : e.macAddress());
        m.put("NetworkID", networkId);
        m.put("EndpointID", e == null ? "" : endpointId(e));
        m.put("Gateway", e == null ? "" : e.gateway());
        m.put("IPAddress", e == null ? "" : e.ipAddress());
        m.put("IPPrefixLen", e == null ? 0 : e.prefixLength());
        m.put("IPv6Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("DriverOpts", null);
        if (dnsOf != null) {
            List<String> names = new ArrayList<>();
            names.add(dnsOf.name());
            names.addAll(aliases);
            names.add(dnsOf.shortId());
            m.put("DNSNames", names);
        } else {
            m.put("DNSNames", null);
        }
        return m;
    }
}
