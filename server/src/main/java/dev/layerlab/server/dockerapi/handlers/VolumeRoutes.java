package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.volume.Volume;
import dev.layerlab.runtime.volume.VolumeStore;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code docker volume create/ls/inspect/rm/prune} on the space's local volumes. */
final class VolumeRoutes implements ApiRoutes {
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "name", "label", "driver");

    private final SandboxContext ctx;

    VolumeRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/volumes", this::list);
        router.post("/volumes/create", this::create);
        router.post("/volumes/prune", this::prune);
        router.get("/volumes/{name}", ex -> ex.respond(200, VolumeJson.of(ctx.space().volumes().get(ex.param("name")))));
        router.delete("/volumes/{name}", this::remove);
    }

    private void list(ApiExchange ex) throws IOException {
        Filters filters = Filters.parse(ex.query().string("filters"));
        for (String key : filters.keys()) {
            if (!LIST_FILTERS.contains(key)) {
                throw new InvalidArgumentException("invalid filter '" + key + "'");
            }
        }
        List<Object> out = new ArrayList<>();
        for (Volume v : ctx.space().volumes().list()) {
            if (matches(filters, v)) {
                out.add(VolumeJson.of(v));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Volumes", out);
        body.put("Warnings", List.of());
        ex.respond(200, body);
    }

    private boolean matches(Filters filters, Volume v) {
        if (filters.has("dangling")) {
            boolean dangling = filters.get("dangling").stream().anyMatch(s -> s.equalsIgnoreCase("true") || s.equals("1"));
            if (dangling != ctx.space().containers().volumeUsers(v.name()).isEmpty()) {
                return false;
            }
        }
        if (filters.has("name") && filters.get("name").stream().noneMatch(n -> v.name().contains(n))) {
            return false;
        }
        if (!filters.allows("driver", "local")) {
            return false;
        }
        return filters.get("label").stream().allMatch(l -> ImageFilter.labelMatches(v.labels(), l));
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.json();
        if (!body.isMissingNode() && !body.isObject()) {
            throw new InvalidArgumentException("invalid JSON: volume create expects an object");
        }
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("local")) {
            throw new InvalidArgumentException("volume driver \"" + driver + "\" is not available in this playground: "
                    + "only the local driver is");
        }
        if (body.path("DriverOpts").isObject() && !body.path("DriverOpts").isEmpty()) {
            throw new InvalidArgumentException("volume driver options (-o) are not supported in this playground");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String name = body.path("Name").asText("");
        ex.respond(201, VolumeJson.of(ctx.space().volumes().create(name.isEmpty() ? null : name, labels)));
    }

    private void remove(ApiExchange ex) throws IOException {
        ctx.space().removeVolume(ex.param("name"), ex.query().bool("force"));
        ex.respondEmpty(204);
    }

    private void prune(ApiExchange ex) throws IOException {
        Filters filters = Filters.parse(ex.query().string("filters"));
        boolean all = filters.get("all").stream().anyMatch(s -> s.equalsIgnoreCase("true") || s.equals("1"));
        VolumeStore.PruneResult result = ctx.space().volumes().prune(all, ctx.space().containers()::volumeUsers);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("VolumesDeleted", result.removed().isEmpty() ? null : result.removed());
        body.put("SpaceReclaimed", result.bytesFreed());
        ex.respond(200, body);
    }
}
