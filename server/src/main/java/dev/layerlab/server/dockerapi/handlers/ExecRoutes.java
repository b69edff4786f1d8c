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
import dev.layerlab.server.dockerapi.MultiplexedStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code docker exec}: create, start (hijacked unless detached), resize, inspect. */
final class ExecRoutes implements ApiRoutes {
    /** What dockerd 20.10 writes to a client that typed the detach keys (its wrapped escape error). */
    private static final String DETACHED = "exec attach failed: error on attach stdin: read escape sequence\r\n";

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
        // Go decodes JSON keys case-insensitively: docker-py sends "detachKeys", the CLI "DetachKeys".
        String detachKeys = b.has("DetachKeys") ? b.path("DetachKeys").asText("") : b.path("detachKeys").asText("");
        DetachKeys.parse(detachKeys, "escape keys");
        ExecConfig config = new ExecConfig(cmd == null ? List.of() : cmd, env,
                b.path("User").asText(""), b.path("WorkingDir").asText(""), b.path("Tty").asBoolean(false),
                b.path("AttachStdin").asBoolean(false), b.path("AttachStdout").asBoolean(false),
                b.path("AttachStderr").asBoolean(false), detachKeys);
        ExecSession s = ctx.space().execs().create(ex.param("id"), config);
        ex.respond(201, Map.of("Id", s.id()));
    }

    /**
     * As dockerd: the output is framed by the {@code Tty} of this start request (raw with it,
     * multiplexed without), while the process's terminal is the one exec create asked for. With that
     * terminal the client's input is watched for the detach keys and its end detaches the client only;
     * after the keys the client is told so in Docker's words and the exec keeps running.
     */
    private void start(ApiExchange ex) throws Exception {
        JsonNode b = ex.json();
        var execs = ctx.space().execs();
        ExecSession s = execs.get(ex.param("id"));
        if (b.path("Detach").asBoolean(false)) {
            execs.start(s.id(), null);
            ex.respond(200, ContentTypes.JSON, new byte[0]);
            return;
        }
        boolean rawOutput = b.path("Tty").asBoolean(false);
        boolean tty = s.config().tty();
        HijackedStream hs = ex.hijack(ContentTypes.forStream(ex.apiVersion(), rawOutput));
        ClientSink sink = new ClientSink(hs.output(), rawOutput);
        try {
            execs.start(s.id(), sink);
        } catch (RuntimeException e) {
            if (!rawOutput) {
                new MultiplexedStream(hs.output()).systemError(e.getMessage() + "\n");
            } else {
                hs.output().write((e.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        AtomicBoolean detached = new AtomicBoolean();
        AtomicBoolean clientLeft = new AtomicBoolean();
        if (s.config().attachStdin()) {
            StdinPump.start(hs.input(), tty ? DetachKeys.parse(s.config().detachKeys(), "escape keys") : null,
                    new StdinPump.Target() {
                @Override
                public boolean write(byte[] data, int length) {
                    return s.writeStdin(data, length);
                }

                @Override
                public void close() {
                    if (tty) {
                        clientLeft.set(true);
                        sink.cancel();
                    } else {
                        s.closeStdin();
                    }
                }

                @Override
                public void detach() {
                    detached.set(true);
                    clientLeft.set(true);
                    sink.cancel();
                }
            });
        }
        sink.awaitEnd();
        if (clientLeft.get() && s.running()) {
            s.hub().remove(sink);
            if (detached.get()) {
                byte[] said = DETACHED.getBytes(StandardCharsets.UTF_8);
                if (rawOutput) {
                    hs.output().write(said);
                } else {
                    new MultiplexedStream(hs.output()).write(MultiplexedStream.Kind.STDOUT, said, 0, said.length);
                }
            }
            return;
        }
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
