package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.ExecSession;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;
import dev.layerlab.server.dockerapi.HijackedStream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker exec}: create, start (hijacked unless detached), resize, inspect. */
final class ExecRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    ExecRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.post("/exec/{id}/resize", ex -> {
            ctx.space().execs().get(ex.param("id")).resize(ex.query().integer("h", 0), ex.query().integer("w", 0));
            ex.respond(200, ContentTypes.TEXT, new byte[0]);
        });
        r.get("/exec/{id}/json", this::inspect);
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode b = ex.json();
        if (b.path("Privileged").asBoolean(false)) {
            throw new InvalidArgumentException("docker exec --privileged is not available in this playground:"
                    + " a learner's containers never get more power than Docker's defaults");
        }
        List<String> cmd = CreateRequest.strings(b.path("Cmd"));
        List<String> env = CreateRequest.env(b.path("Env"));
        ExecConfig config = new ExecConfig(cmd == null ? List.of() : cmd, env,
                b.path("User").asText(""), b.path("WorkingDir").asText(""), b.path("Tty").asBoolean(false),
                b.path("AttachStdin").asBoolean(false), b.path("AttachStdout").asBoolean(false),
                b.path("AttachStderr").asBoolean(false));
        ExecSession s = ctx.space().execs().create(ex.param("id"), config);
        ex.respond(201, Map.of("Id", s.id()));
    }

    private void start(ApiExchange ex) throws Exception {
        JsonNode b = ex.json();
        var execs = ctx.space().execs();
        ExecSession s = execs.get(ex.param("id"));
        if (b.path("Detach").asBoolean(false)) {
            execs.start(s.id(), null);
            ex.respond(200, ContentTypes.JSON, new byte[0]);
            return;
        }
        boolean tty = s.config().tty();
        HijackedStream hs = ex.hijack(ContentTypes.forStream(ex.apiVersion(), tty));
        ClientSink sink = new ClientSink(hs.output(), tty);
        try {
            execs.start(s.id(), sink);
        } catch (RuntimeException e) {
            if (!tty) {
                new dev.layerlab.server.dockerapi.MultiplexedStream(hs.output()).systemError(e.getMessage() + "\n");
            } else {
                hs.output().write((e.getMessage() + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return;
        }
        if (s.config().attachStdin()) {
            StdinPump.start(hs.input(), new StdinPump.Target() {
                @Override
                public boolean write(byte[] data, int length) {
                    return s.writeStdin(data, length);
                }

                @Override
                public void close() {
                    s.closeStdin();
                }
            });
        }
        sink.awaitEnd();
        // The CLI reads ExitCode from /exec/{id}/json as soon as the stream closes: it must be final by then.
        s.exit().join();
    }

    private void inspect(ApiExchange ex) throws IOException {
        ExecSession s = ctx.space().execs().get(ex.param("id"));
        ExecConfig c = s.config();
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("tty", c.tty());
        pc.put("entrypoint", c.cmd().isEmpty() ? "" : c.cmd().get(0));
        pc.put("arguments", c.cmd().isEmpty() ? List.of() : c.cmd().subList(1, c.cmd().size()));
        pc.put("privileged", false);
        pc.put("user", c.user());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", s.id());
        m.put("Running", s.running());
        m.put("ExitCode", s.exitCode());
        m.put("ProcessConfig", pc);
        m.put("OpenStdin", c.attachStdin());
        m.put("OpenStderr", c.attachStderr());
        m.put("OpenStdout", c.attachStdout());
        m.put("CanRemove", false);
        m.put("ContainerID", s.containerId());
        m.put("DetachKeys", "");
        m.put("Pid", s.pid());
        ex.respond(200, m);
    }
}
