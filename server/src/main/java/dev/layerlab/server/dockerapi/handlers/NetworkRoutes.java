package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one network a sandbox has, shown as Docker's default {@code bridge} so {@code docker network
 * ls} and the network probe of {@code docker inspect} work. Creating networks is out of scope.
 */
final class NetworkRoutes implements ApiRoutes {
    private final SandboxContext ctx;
    private final String id;

    NetworkRoutes(SandboxContext ctx) {
        this.ctx = ctx;
        this.id = ctx.sandbox().bridgeNetworkId();
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/networks", ex -> ex.respond(200, List.of(bridge())));
        router.get("/networks/{id}", this::inspect);
    }

    private void inspect(ApiExchange ex) throws IOException {
        String given = ex.param("id");
        if (!given.equals("bridge") && !(given.length() >= 1 && id.startsWith(given))) {
            throw new NotFoundException("network " + given + " not found");
        }
        ex.respond(200, bridge());
    }

    private Map<String, Object> bridge() {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null);
        ipam.put("Config", subnetConfig());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", "bridge");
        m.put("Id", id);
        m.put("Created", DockerTime.ZERO);
        m.put("Scope", "local");
        m.put("Driver", "bridge");
        m.put("EnableIPv6", false);
        m.put("IPAM", ipam);
        m.put("Internal", false);
        m.put("Attachable", false);
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        m.put("Containers", Map.of());
        m.put("Options", Map.of("com.docker.network.bridge.default_bridge", "true"));
        m.put("Labels", Map.of());
        return m;
    }

    /** The sandbox's real container subnet when it has a network (not in every test setup). */
    private List<Map<String, String>> subnetConfig() {
        try {
            var net = ctx.sandboxes().network(ctx.sandbox());
            if (net != null) {
                return List.of(Map.of("Subnet", net.subnet().toString(), "Gateway", net.gateway()));
            }
        } catch (RuntimeException e) {
            // no network for this sandbox: an empty IPAM config is still a valid answer
        }
        return List.of();
    }
}
