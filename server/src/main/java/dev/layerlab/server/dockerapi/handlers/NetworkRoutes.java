package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.events.NetworkEvents;
import dev.layerlab.runtime.network.BridgeNetwork;
import dev.layerlab.runtime.network.EndpointRequest;
import dev.layerlab.runtime.network.Networks;
import dev.layerlab.runtime.network.SandboxNetwork;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's networks: the default {@code bridge}, {@code host} and {@code none} as Docker lists them,
 * and user networks ({@code docker network create/ls/inspect/rm/prune/connect/disconnect}). Only this
 * sandbox's networks are ever resolved here ({@link Networks} holds nothing else).
 */
final class NetworkRoutes implements ApiRoutes {
    private static final String DRIVER = "bridge";
    private final SandboxContext ctx;

    NetworkRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/networks", this::list);
        router.get("/networks/{id}", ex -> ex.respond(200, view(ex.param("id"))));
        router.post("/networks/create", this::create);
        router.delete("/networks/{id}", this::remove);
        router.post("/networks/prune", this::prune);
        router.post("/networks/{id}/connect", this::connect);
        router.post("/networks/{id}/disconnect", this::disconnect);
    }

    private SandboxNetwork network() {
        return NetworkJson.of(ctx).orElseThrow(() -> new InvalidArgumentException("this sandbox has no network"));
    }

    private List<Map<String, Object>> all() {
        Networks n = network().networks();
        Map<String, String> names = containerNames();
        List<Map<String, Object>> out = new ArrayList<>();
        n.bridges().forEach(b -> out.add(NetworkJson.bridge(b, names)));
        out.add(NetworkJson.predefined(Networks.HOST, n.hostId()));
        out.add(NetworkJson.predefined(Networks.NONE, n.noneId()));
        return out;
    }

    private void list(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query().string("filters"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : all()) {
            String name = (String) m.get("Name");
            String id = (String) m.get("Id");
            boolean custom = !List.of(Networks.BRIDGE, Networks.HOST, Networks.NONE).contains(name);
            if ((!f.has("name") || f.get("name").stream().anyMatch(name::contains))
                    && (!f.has("id") || f.get("id").stream().anyMatch(id::startsWith))
                    && f.allows("driver", (String) m.get("Driver"))
                    && f.allows("type", custom ? "custom" : "builtin")
                    && (!f.has("dangling") || f.get("dangling").contains(String.valueOf(custom
                    && ((Map<?, ?>) m.get("Containers")).isEmpty())))) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(m -> (String) m.get("Name")));
        ex.respond(200, out);
    }

    private Map<String, Object> view(String ref) {
        Networks n = network().networks();
        Optional<BridgeNetwork> b = n.find(ref);
        if (b.isPresent()) {
            return NetworkJson.bridge(b.get(), containerNames());
        }
        return n.predefinedName(ref).map(p -> NetworkJson.predefined(p, p.equals(Networks.HOST) ? n.hostId() : n.noneId()))
                .orElseThrow(() -> new NotFoundException("network " + ref + " not found"));
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.json();
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw new InvalidArgumentException("network driver " + driver + " is not supported in this playground:"
                    + " only bridge networks (see SCOPE.md)");
        }
        for (String flag : List.of("Internal", "EnableIPv6", "Attachable", "Ingress", "ConfigOnly")) {
            if (body.path(flag).asBoolean(false)) {
                throw new InvalidArgumentException("--" + flag.toLowerCase(java.util.Locale.ROOT)
                        + " networks are not supported in this playground (see SCOPE.md)");
            }
        }
        if (body.path("Options").size() > 0) {
            throw new InvalidArgumentException("network driver options (-o) are not supported in this playground");
        }
        JsonNode config = body.path("IPAM").path("Config");
        if (config.size() > 1) {
            throw new InvalidArgumentException("one --subnet per network in this playground (IPv4 only)");
        }
        JsonNode pool = config.size() == 1 ? config.get(0) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        if (!pool.path("IPRange").asText("").isEmpty() || pool.path("AuxiliaryAddresses").size() > 0) {
            throw new InvalidArgumentException("--ip-range and --aux-address are not supported in this playground");
        }
        BridgeNetwork n = network().createNetwork(body.path("Name").asText(""), pool.path("Subnet").asText(""),
                pool.path("Gateway").asText(""), CreateRequest.stringMap(body.path("Labels")));
        NetworkEvents.create(ctx.space().events(), n.id(), n.name(), DRIVER);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", n.id());
        out.put("Warning", "");
        ex.respond(201, out);
    }

    private void remove(ApiExchange ex) throws IOException {
        String ref = ex.param("id");
        Networks n = network().networks();
        Optional<BridgeNetwork> b = n.find(ref);
        if (b.isEmpty()) {
            Optional<String> p = n.predefinedName(ref);
            if (p.isPresent()) {
                throw new ApiException(403, p.get() + " is a pre-defined network and cannot be removed");
            }
            throw new NotFoundException("network " + ref + " not found");
        }
        if (!b.get().userDefined()) {
            throw new ApiException(403, b.get().name() + " is a pre-defined network and cannot be removed");
        }
        network().removeNetwork(b.get());
        NetworkEvents.destroy(ctx.space().events(), b.get().id(), b.get().name(), DRIVER);
        ex.respondEmpty(204);
    }

    private void prune(ApiExchange ex) throws IOException {
        List<BridgeNetwork> before = network().networks().bridges();
        List<String> removed = network().prune();
        for (BridgeNetwork b : before) {
            if (removed.contains(b.name())) {
                NetworkEvents.destroy(ctx.space().events(), b.id(), b.name(), DRIVER);
            }
        }
        ex.respond(200, Map.of("NetworksDeleted", removed));
    }

    private BridgeNetwork target(String ref, String verb) {
        Networks n = network().networks();
        Optional<BridgeNetwork> b = n.find(ref);
        if (b.isPresent()) {
            return b.get();
        }
        Optional<String> p = n.predefinedName(ref);
        if (p.isPresent()) {
            throw new InvalidArgumentException(p.get().equals(Networks.HOST)
                    ? "container cannot be disconnected from host network or connected to host network"
                    : "containers cannot be " + verb + " network none in this playground: create them with --network none");
        }
        throw new NotFoundException("network " + ref + " not found");
    }

    private void connect(ApiExchange ex) throws IOException {
        JsonNode body = ex.json();
        BridgeNetwork n = target(ex.param("id"), "connected to");
        ContainerRecord rec = ctx.space().containers().inspect(body.path("Container").asText(""));
        JsonNode ep = body.path("EndpointConfig");
        EndpointRequest r = new EndpointRequest(n.id(), CreateRequest.strings(ep.path("Aliases")),
                ep.path("IPAMConfig").path("IPv4Address").asText(""));
        network().connect(rec.id(), rec.name(), n, r);
        if (rec.state().isRunning()) { // a stopped one connects at its start, with its start's events
            NetworkEvents.connect(ctx.space().events(), n.id(), n.name(), DRIVER, rec.id());
        }
        ex.respondEmpty(200);
    }

    private void disconnect(ApiExchange ex) throws IOException {
        JsonNode body = ex.json();
        BridgeNetwork n = target(ex.param("id"), "disconnected from");
        ContainerRecord rec = ctx.space().containers().inspect(body.path("Container").asText(""));
        network().disconnect(rec.id(), rec.name(), n);
        if (rec.state().isRunning()) {
            NetworkEvents.disconnect(ctx.space().events(), n.id(), n.name(), DRIVER, rec.id());
        }
        ex.respondEmpty(200);
    }

    private Map<String, String> containerNames() {
        Map<String, String> names = new HashMap<>();
        for (ContainerRecord r : ctx.space().containers().list()) {
            names.put(r.id(), r.name());
        }
        return names;
    }
}
