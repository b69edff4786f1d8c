package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.layerlab.runtime.build.BuildCancellation;
import dev.layerlab.runtime.build.BuildFailedException;
import dev.layerlab.runtime.build.BuildOutput;
import dev.layerlab.runtime.build.BuildRequest;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;
import dev.layerlab.server.dockerapi.QueryParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build}, the legacy builder's protocol: the context tar is the body, the options are the
 * query, and the answer is a stream of JSON lines ({@code stream}, {@code aux}, {@code errorDetail}).
 * As in Docker, an error before any output (a Dockerfile that does not parse) is a plain HTTP error, so
 * the CLI prints "Error response from daemon: ..."; once output has begun it is reported in-band.
 */
final class BuildRoutes implements ApiRoutes {
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(1);

    private final SandboxContext ctx;

    BuildRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/build", this::build);
    }

    private void build(ApiExchange ex) throws IOException {
        BuildRequest request = request(ex.query());
        LazyLines lines = new LazyLines(ex);
        BuildCancellation cancellation = new BuildCancellation();
        Thread heartbeat = Thread.ofVirtual().name("build-heartbeat").start(() -> heartbeat(lines, cancellation));
        try {
            ctx.space().build(request, ex.body(), lines, cancellation);
        } catch (IOException | RuntimeException e) {
            if (!lines.started()) {
                throw e;
            }
            lines.error(e.getMessage(), e instanceof BuildFailedException f ? f.code() : 0);
        } finally {
            lines.finish();
            heartbeat.interrupt();
            try {
                heartbeat.join(2000); // no newline may follow the end of the response
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Notices a client that left while the build prints nothing (a silent RUN): once the response has
     * begun, a newline goes out after each {@link #HEARTBEAT} without a message; the CLI's JSON decoder
     * skips whitespace between messages, so nothing shows, and a write that fails means the connection
     * is gone: the build is cancelled and its RUN container killed. Only silence is filled, and never
     * after the build's end, so the body ends with a message: docker-py's parser fails on trailing
     * whitespace.
     */
    private static void heartbeat(LazyLines lines, BuildCancellation cancellation) {
        try {
            while (!cancellation.cancelled()) {
                Thread.sleep(HEARTBEAT);
                if (lines.started() && !lines.keepAlive()) {
                    cancellation.cancel("build cancelled: the client closed the connection");
                }
            }
        } catch (InterruptedException e) {
            // the build ended
        }
    }

    static BuildRequest request(QueryParams q) {
        if (q.string("version", "1").equals("2")) {
            throw new ApiException(400, "BuildKit is not available in this playground: build with DOCKER_BUILDKIT=0"
                    + " (the legacy builder)");
        }
        if (!q.string("remote", "").isEmpty()) {
            throw new InvalidArgumentException("building from a remote context (" + q.string("remote")
                    + ") is not supported in this playground: clone or download it in the sandbox first");
        }
        String platform = q.string("platform", "");
        if (!platform.isEmpty() && !platform.startsWith("linux")) {
            throw new InvalidArgumentException("\"" + platform + "\": this playground builds linux images only");
        }
        return new BuildRequest(q.string("dockerfile", "Dockerfile"), q.all("t"), jsonMap(q, "buildargs"),
                q.string("target", ""), q.bool("nocache"), jsonMap(q, "labels"), q.bool("q"),
                q.bool("rm", true), q.bool("forcerm"), extraHosts(q));
    }

    /** {@code --add-host}: the CLI sends {@code extrahosts} once per entry (or comma-separated). */
    private static List<String> extraHosts(QueryParams q) {
        List<String> out = new java.util.ArrayList<>();
        for (String value : q.all("extrahosts")) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    out.add(HostOptionsRequest.extraHost(entry.strip()));
                }
            }
        }
        if (out.size() > HostOptionsRequest.MAX_EXTRA_HOSTS) {
            throw new InvalidArgumentException("at most " + HostOptionsRequest.MAX_EXTRA_HOSTS
                    + " --add-host entries per build in this playground");
        }
        return out;
    }

    private static Map<String, String> jsonMap(QueryParams q, String name) {
        String text = q.string(name, "");
        if (text.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> m = Json.MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid " + name + " (a JSON object of strings expected): " + text);
        }
    }

    /** The response stream, opened on the first message so an early failure can still be an HTTP error. */
    private static final class LazyLines implements BuildOutput {
        private final ApiExchange ex;
        private JsonLines lines;
        private long lastWrite = System.nanoTime();
        private boolean finished;

        LazyLines(ApiExchange ex) {
            this.ex = ex;
        }

        boolean started() {
            return lines != null;
        }

        @Override
        public void stream(String text) {
            send(Map.of("stream", text));
        }

        @Override
        public void imageId(Digest id) {
            send(Map.of("aux", Map.of("ID", id.toString())));
        }

        /** Writes a newline the client ignores after a silence; false if the connection is gone. */
        synchronized boolean keepAlive() {
            if (finished || System.nanoTime() - lastWrite < HEARTBEAT.toNanos()) {
                return true;
            }
            try {
                open().whitespace();
                lastWrite = System.nanoTime();
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        synchronized void error(String message, int code) throws IOException {
            Map<String, Object> detail = new LinkedHashMap<>();
            if (code != 0) {
                detail.put("code", code);
            }
            detail.put("message", message);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("errorDetail", detail);
            m.put("error", message);
            open().send(m);
        }

        /** The build is over: no newline may follow its last message. */
        synchronized void finish() {
            finished = true;
        }

        private synchronized void send(Map<String, ?> message) {
            try {
                open().send(message);
                lastWrite = System.nanoTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private synchronized JsonLines open() throws IOException {
            if (lines == null) {
                lines = new JsonLines(ex.stream(200, ContentTypes.JSON));
            }
            return lines;
        }
    }
}
