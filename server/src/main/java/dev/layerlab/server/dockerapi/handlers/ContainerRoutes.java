package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ContainerService;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;
import dev.layerlab.server.dockerapi.NotModified;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The container lifecycle routes: create, list, inspect, start/stop/kill/pause, wait, remove, rename, prune. */
final class ContainerRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    ContainerRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    private ContainerService containers() {
        return ctx.space().containers();
    }

    @Override
    public void register(ApiRouter r) {
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.get("/containers/{id}/json", ex -> {
            var rec = containers().inspect(ex.param("id"));
            ex.respond(200, ContainerJson.withNetworks(ContainerJson.inspect(rec, ctx.space().execs().activeIdsOf(rec.id()),
                    dev.layerlab.runtime.container.ContainerLinks.shown(rec, containers().store()),
                    ctx.space().healthchecks().of(rec.id())),
                    NetworkJson.mode(ctx, rec), NetworkJson.endpoints(ctx, rec)));
        });
        r.post("/containers/{id}/start", ex -> done(ex, containers().start(ex.param("id"))));
        r.post("/containers/{id}/stop", ex -> done(ex, containers().stop(ex.param("id"), timeout(ex))));
        r.post("/containers/{id}/restart", ex -> {
            containers().restart(ex.param("id"), timeout(ex));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/kill", ex -> {
            containers().kill(ex.param("id"), ex.query().string("signal", ""));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/pause", ex -> {
            containers().pause(ex.param("id"));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/unpause", ex -> {
            containers().unpause(ex.param("id"));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/wait", this::await);
        r.delete("/containers/{id}", ex -> {
            containers().remove(ex.param("id"), ex.query().bool("force"), ex.query().bool("v"));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/update", ex -> {
            UpdateRequest u = UpdateRequest.parse(ex.json());
            containers().update(ex.param("id"), u.memoryBytes(), u.pidsLimit(), u.restartPolicy());
            ex.respond(200, Map.of("Warnings", List.of()));
        });
        r.post("/containers/{id}/rename", ex -> {
            String id = containers().inspect(ex.param("id")).id(); // the old name is gone once renamed
            containers().rename(id, ex.query().string("name", ""));
            var renamed = containers().inspect(id);
            NetworkJson.of(ctx).ifPresent(n -> n.networks().renamed(renamed.id(), renamed.name()));
            ex.respondEmpty(204);
        });
        r.post("/containers/{id}/resize", ex -> {
            containers().resize(ex.param("id"), ex.query().integer("h", 0), ex.query().integer("w", 0));
            ex.respond(200, ContentTypes.TEXT, new byte[0]);
        });
        r.post("/containers/prune", this::prune);
        r.get("/containers/{id}/changes", this::changes);
    }

    private static void done(ApiExchange ex, boolean changed) throws IOException {
        if (!changed) {
            throw new NotModified();
        }
        ex.respondEmpty(204);
    }

    private static Integer timeout(ApiExchange ex) {
        return ex.query().has("t") && !ex.query().string("t").isEmpty() ? ex.query().integer("t", 10) : null;
    }

    private void create(ApiExchange ex) throws IOException {
        var body = ex.json();
        ContainerConfig config = CreateRequest.parse(body);
        List<String> warnings = new ArrayList<>();
        var network = NetworkJson.of(ctx);
        var endpoints = network.flatMap(n -> ContainerNetworksRequest.resolve(body, n.networks())); // before it is made
        ContainerRecord rec = containers().create(ex.query().string("name", ""), config);
        if (network.isPresent() && endpoints.isPresent()) {
            network.get().networks().join(rec.id(), new dev.layerlab.runtime.network.Networks.Membership(rec.name(),
                    endpoints.get(), endpoints.get().isEmpty())); // nothing asked for but a network: --network none
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("Id", rec.id());
        created.put("Warnings", warnings);
        ex.respond(201, created);
    }

    private void list(ApiExchange ex) throws IOException {
        boolean all = ex.query().bool("all");
        int limit = ex.query().integer("limit", -1);
        boolean withSizes = ex.query().bool("size");
        Filters f = Filters.parse(ex.query().string("filters"));
        ContainerFilter.validate(f);
        Instant now = Instant.now();
        List<Map<String, Object>> out = new ArrayList<>();
        List<ContainerRecord> records = new ArrayList<>(containers().list());
        records.sort(Comparator.comparing(ContainerRecord::created).reversed());
        boolean showAll = all || limit > 0 || f.has("status") || f.has("exited");
        for (ContainerRecord rec : records) {
            if (!showAll && !rec.state().isRunningOrRestarting()) {
                continue;
            }
            if (ContainerFilter.matches(f, rec, ctx.space())) {
                Map<String, Object> summary = ContainerJson.withNetworks(ContainerJson.summary(rec, ctx.space().healthchecks().of(rec.id()), now),
                        NetworkJson.mode(ctx, rec), NetworkJson.endpoints(ctx, rec));
                if (f.has("network") && !NetworkJson.onAny(summary, f.get("network"))) {
                    continue;
                }
                if (withSizes) { // docker ps -s
                    long rw = ctx.space().writableLayerBytes(rec.id());
                    summary.put("SizeRw", rw);
                    summary.put("SizeRootFs", rw + imageBytes(rec));
                }
                out.add(summary);
                if (limit > 0 && out.size() >= limit) {
                    break;
                }
            }
        }
        ex.respond(200, out);
    }

    private long imageBytes(ContainerRecord rec) {
        try {
            return new LayerSizes(ctx.engine().snapshots()).of(ctx.space().images().resolve(rec.imageId()));
        } catch (dev.layerlab.runtime.error.NotFoundException removed) {
            return 0; // its image was removed (rmi -f)
        }
    }

    /** Headers go out at once: the CLI waits for them before it starts the container. */
    private void await(ApiExchange ex) throws IOException, InterruptedException {
        CompletableFuture<Integer> exit = containers().waitFor(ex.param("id"),
                WaitCondition.parse(ex.query().string("condition", "")));
        try (OutputStream out = ex.stream(200, ContentTypes.JSON)) {
            int code;
            String error = null;
            try {
                code = exit.get();
            } catch (ExecutionException e) {
                code = -1;
                error = String.valueOf(e.getCause().getMessage());
            }
            String json = "{\"StatusCode\":" + code + ",\"Error\":"
                    + (error == null ? "null" : "{\"Message\":" + quote(error) + "}") + "}\n";
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private void prune(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query().string("filters"));
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerRecord rec : containers().list()) {
            if (rec.state().isRunningOrRestarting() || !ContainerFilter.labelsMatch(f, rec)) {
                continue;
            }
            try {
                long bytes = ctx.space().writableLayerBytes(rec.id()); // stopped: nothing writes it now
                containers().remove(rec.id(), false);
                deleted.add(rec.id());
                reclaimed += bytes;
            } catch (ConflictException | NotFoundException e) {
                // started or removed meanwhile: not ours to prune any more
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ContainersDeleted", deleted);
        body.put("SpaceReclaimed", reclaimed);
        ex.respond(200, body);
    }

    private void changes(ApiExchange ex) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        List<dev.layerlab.runtime.layer.UpperDirChanges.Change> changes;
        try (var held = containers().freeze(ex.param("id"))) { // its processes cannot swap names while we list
            changes = ctx.space().views().changes(ex.param("id"));
        }
        for (var c : changes) {
            int kind = switch (c.kind()) {
                case MODIFIED -> 0;
                case ADDED -> 1;
                case DELETED -> 2;
            };
            out.add(Map.of("Path", c.path(), "Kind", kind));
        }
        ex.respond(200, out);
    }
}
