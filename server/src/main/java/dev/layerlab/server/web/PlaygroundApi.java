package dev.layerlab.server.web;

import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.sandbox.SandboxShell;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import dev.layerlab.server.terminal.Terminal;
import dev.layerlab.server.terminal.Terminals;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page's scripts ask of the learner's sandbox: the session (idle time left, published ports),
 * terminals (the shell, more tabs, a shell in a container), and the small file editor.
 * Everything acts on the requester's own sandbox only.
 */
final class PlaygroundApi {
    /** The editor is for lesson-sized files; writes travel base64 in one argument, and Linux caps one at 128 KiB. */
    static final int FILE_LIMIT = 64 * 1024;

    private final Sessions sessions;
    private final SandboxService sandboxes;
    private final SandboxTerminals terminals;
    private final SandboxShell shell;
    private final ClientAddress clients;

    PlaygroundApi(Sessions sessions, SandboxService sandboxes, SandboxTerminals terminals, SandboxShell shell,
                  ClientAddress clients) {
        this.clients = clients;
        this.sessions = sessions;
        this.sandboxes = sandboxes;
        this.terminals = terminals;
        this.shell = shell;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/session", this::session);
        config.routes.get("/api/terminals", this::listTerminals);
        config.routes.post("/api/terminals", this::openTerminal);
        config.routes.get("/api/files", this::listFiles);
        config.routes.get("/api/files/content", this::readFile);
        config.routes.put("/api/files/content", this::writeFile);
    }

    /** Polled by the page; does not count as activity (an open tab alone does not keep a sandbox). */
    private void session(Context ctx) {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("language", learner.language());
        m.put("remainingSeconds", sessions.remaining(learner).toSeconds());
        m.put("ports", sessions.currentSandbox(learner).map(this::ports).orElse(List.of()));
        m.put("containers", sessions.currentSandbox(learner).map(this::running).orElse(List.of()));
        ctx.json(m);
    }

    /** The sandbox's running containers, for a one-click terminal into each. */
    private List<Map<String, Object>> running(String sandboxId) {
        return sandboxes.sandboxes().space(sandboxes.sandboxes().get(sandboxId)).containers().list().stream()
                .filter(c -> c.state().isRunning())
                .map(c -> Map.<String, Object>of("name", c.name(), "image", c.imageReference()))
                .toList();
    }

    private List<Map<String, Object>> ports(String sandboxId) {
        return PublishedPorts.of(sandboxes.sandboxes().space(sandboxes.sandboxes().get(sandboxId))).stream()
                .map(p -> Map.<String, Object>of("container", p.container(), "containerPort", p.binding().containerPort(),
                        "port", p.binding().hostPort(), "url", "/ports/" + p.binding().hostPort() + "/"))
                .toList();
    }

    private void listTerminals(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Terminals t = terminals.of(learner, sessions.sandboxOf(learner, clients.of(ctx)));
        ctx.json(t.list().stream().map(PlaygroundApi::json).toList());
    }

    /**
     * Opens a terminal: {@code kind=host} (the sandbox's shell; with {@code reuse=true} an existing one is
     * returned, so a reload finds the same shell) or {@code kind=container&container=name}.
     */
    private void openTerminal(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Terminals t = terminals.of(learner, sessions.sandboxOf(learner, clients.of(ctx)));
        boolean container = "container".equals(ctx.queryParam("kind"));
        if (!container && "true".equals(ctx.queryParam("reuse"))) {
            for (Terminal existing : t.list()) {
                if (existing.kind() == Terminal.Kind.HOST && existing.running()) {
                    ctx.json(json(existing));
                    return;
                }
            }
        }
        String id = t.open(container ? Terminal.Kind.CONTAINER : Terminal.Kind.HOST, ctx.queryParam("container"));
        ctx.status(201).json(json(t.get(id)));
    }

    private static Map<String, Object> json(Terminal t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("kind", t.kind().name().toLowerCase());
        m.put("container", t.containerId() == null ? "" : t.containerId());
        return m;
    }

    private void listFiles(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        SandboxShell.Result r = shell.run(sessions.sandboxOf(learner, clients.of(ctx)),
                "cd /root && find . -maxdepth 3 -type f -size -64k -not -path './.*' | sed 's|^./||' | sort | head -200", 10);
        ctx.json(r.output().lines().filter(l -> !l.isBlank()).toList());
    }

    private void readFile(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        String path = SandboxShell.safePath(ctx.queryParam("path"));
        SandboxShell.Result r = shell.run(sessions.sandboxOf(learner, clients.of(ctx)),
                "test -f '" + path + "' && head -c " + FILE_LIMIT + " -- '" + path + "'", 10);
        if (!r.ok()) {
            ctx.status(404).json(Map.of("message", "no such file: " + path));
            return;
        }
        ctx.contentType("text/plain; charset=utf-8").result(r.output());
    }

    private void writeFile(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        String path = SandboxShell.safePath(ctx.queryParam("path"));
        String body = ctx.body();
        if (ctx.bodyAsBytes().length > FILE_LIMIT) {
            ctx.status(413).json(Map.of("message", "files edited here are at most 64 KiB"));
            return;
        }
        shell.writeFile(sessions.sandboxOf(learner, clients.of(ctx)), path, body);
        ctx.status(204);
    }
}
