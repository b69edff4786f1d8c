package dev.layerlab.server.web;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /ports/<port>/...}: a published port of the learner's own sandbox, opened in the browser
 * through the server (no wildcard DNS). The request is forwarded as HTTP/1.0 from a socket made inside
 * the sandbox's network namespace to the port the sandbox publishes, exactly what {@code curl
 * localhost:<port>} in the sandbox shell reaches; only ports a container of that sandbox publishes.
 * Redirects to absolute paths are kept under the prefix; links inside pages are the app's business.
 *
 * <p>A learner's app may be slow, silent or huge: at most {@value #PER_LEARNER_REQUESTS} requests per
 * learner and {@value #TOTAL_REQUESTS} in all are relayed at once (over it 503 at once), the app must
 * connect and start answering within {@link #FIRST_BYTE_TIMEOUT} (else 504), bodies stream
 * ({@link PortRelay}), and the path is forwarded raw and checked ({@link RequestTarget}).
 */
final class PortLinks {
    static final int PER_LEARNER_REQUESTS = 8;
    static final int TOTAL_REQUESTS = 64;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final Sessions sessions;
    private final SandboxService sandboxes;
    private final PortLinkPermits permits = new PortLinkPermits(PER_LEARNER_REQUESTS, TOTAL_REQUESTS);

    PortLinks(Sessions sessions, SandboxService sandboxes) {
        this.sessions = sessions;
        this.sandboxes = sandboxes;
    }

    void register(JavalinConfig config) {
        // "/ports/5000/" matches the first (Javalin ignores the trailing slash), deeper paths the second.
        for (String path : new String[]{"/ports/{port}", "/ports/{port}/<path>"}) {
            config.routes.get(path, this::forward);
            config.routes.post(path, this::forward);
            config.routes.put(path, this::forward);
            config.routes.delete(path, this::forward);
            config.routes.patch(path, this::forward);
            config.routes.head(path, this::forward);
        }
    }

    private void forward(Context ctx) throws IOException {
        Learner learner = LearnerCookie.existing(ctx, sessions).orElseThrow(() -> new NotFoundException("no sandbox"));
        String sandboxId = sessions.currentSandbox(learner).orElseThrow(() -> new NotFoundException("no sandbox"));
        int port = port(ctx.pathParam("port"));
        String target = RequestTarget.of(ctx.req().getRequestURI(), "/ports/" + ctx.pathParam("port"), ctx.queryString());
        if (ctx.header("Transfer-Encoding") != null) {
            ctx.status(411).json(Map.of("message", "a request body to your app needs a Content-Length"));
            return;
        }
        try (PortLinkPermits.Permit permit = permits.tryAcquire(learner.id())) {
            if (permit == null) {
                ctx.status(503).header("Retry-After", "5").json(Map.of("message", "at most " + PER_LEARNER_REQUESTS
                        + " requests to your ports at once (and " + TOTAL_REQUESTS + " for the whole server):"
                        + " wait for one to finish"));
                return;
            }
            Sandbox sandbox = sandboxes.sandboxes().get(sandboxId);
            if (!published(sandbox, port)) {
                throw new NotFoundException("no container of your sandbox publishes port " + port);
            }
            sessions.touch(learner);
            SocketChannel channel = sandboxes.sandboxes().network(sandbox).sockets().openSocket();
            try (Socket socket = channel.socket()) {
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
                } catch (SocketTimeoutException e) {
                    ctx.status(504).result("port " + port + " did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
                    return;
                }
                PortRelay.exchange(ctx, port, target, socket, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT);
            }
        }
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw new NotFoundException("not a port: " + text);
    }

    private boolean published(Sandbox sandbox, int port) {
        return PublishedPorts.of(sandboxes.sandboxes().space(sandbox)).stream().anyMatch(p -> p.binding().hostPort() == port);
    }
}
