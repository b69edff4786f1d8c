package dev.layerlab.server;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.access.Role;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.web.ErrorResponses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's own JSON API: engine status and sandboxes ({@code POST /api/sandboxes} returns the
 * sandbox's id and the unix socket of its Docker API, for instructors and tests), and a sandbox's
 * build records ({@code GET /api/sandboxes/{id}/builds}). Every route is the operator's
 * ({@link Role#OPERATOR}, checked by {@link dev.layerlab.server.access.Access}).
 */
final class ServerRoutes {
    private final Engine engine;
    private final SandboxService sandboxes;

    ServerRoutes(Engine engine, SandboxService sandboxes) {
        this.engine = engine;
        this.sandboxes = sandboxes;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/engine", ctx -> ctx.json(status()), Role.OPERATOR);
        config.routes.post("/api/sandboxes", this::create, Role.OPERATOR);
        config.routes.get("/api/sandboxes", ctx -> ctx.json(sandboxes.sandboxes().list().stream().map(ServerRoutes::json).toList()),
                Role.OPERATOR);
        config.routes.delete("/api/sandboxes/{id}", ctx -> {
            sandboxes.delete(ctx.pathParam("id"));
            ctx.status(204);
        }, Role.OPERATOR);
        config.routes.get("/api/sandboxes/{id}/builds", this::builds, Role.OPERATOR);
        ErrorResponses.register(config);
    }

    private void create(Context ctx) throws Exception {
        ctx.status(201).json(json(sandboxes.create()));
    }

    /** The sandbox's last builds, newest first, each step with its cache verdict: what the build-cache picture shows. */
    private void builds(Context ctx) throws Exception {
        Sandbox sandbox = sandboxes.sandboxes().get(ctx.pathParam("id"));
        ctx.contentType("application/json").result(Json.toBytes(sandboxes.sandboxes().space(sandbox).builds().list()));
    }

    private static Map<String, Object> json(Sandbox s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("dockerHost", "unix://" + s.apiSocket());
        return m;
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("images", engine.defaultSpace().images().list().stream()
                .map(i -> i.references().isEmpty() ? i.id().shortId() : i.references().get(0).familiarString()).toList());
        s.put("sandboxes", sandboxes.sandboxes().list().size());
        s.put("dataDir", engine.settings().dataDir().toString());
        return s;
    }
}
