package dev.layerlab.server.web;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /ports/<port>/...}: a published port of the learner's own sandbox, opened in the browser
 * through the server (no wildcard DNS). The request is forwarded as HTTP/1.0 from a socket made inside
 * the sandbox's network namespace to the port the sandbox publishes, exactly what {@code curl
 * localhost:<port>} in the sandbox shell reaches; only ports a container of that sandbox publishes.
 * Redirects to absolute paths are kept under the prefix; links inside pages are the app's business.
 */
final class PortLinks {
    static final int TIMEOUT_MILLIS = 30_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host", "cookie", "content-length");

    private final Sessions sessions;
    private final SandboxService sandboxes;

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
        Sandbox sandbox = sandboxes.sandboxes().get(sandboxId);
        if (!published(sandbox, port)) {
            throw new NotFoundException("no container of your sandbox publishes port " + port);
        }
        sessions.touch(learner);
        SocketChannel channel = sandboxes.sandboxes().network(sandbox).sockets().openSocket();
        try (Socket socket = channel.socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            sendRequest(ctx, port, socket.getOutputStream());
            relayResponse(ctx, port, socket.getInputStream());
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

    private static void sendRequest(Context ctx, int port, OutputStream out) throws IOException {
        String path = "/" + ctx.pathParamMap().getOrDefault("path", "")
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        byte[] body = ctx.bodyAsBytes();
        StringBuilder head = new StringBuilder(ctx.method().name()).append(' ').append(path).append(" HTTP/1.0\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        ctx.headerMap().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !value.contains("\r") && !value.contains("\n")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void relayResponse(Context ctx, int port, InputStream in) throws IOException {
        String[] lines = readHead(in).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            ctx.status(502).result("port " + port + " did not answer with HTTP");
            return;
        }
        ctx.status(Integer.parseInt(status[1]));
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("set-cookie")) {
                continue;
            }
            if (name.equalsIgnoreCase("location") && value.startsWith("/")) {
                value = "/ports/" + port + value;
            }
            ctx.header(name, value);
        }
        ctx.result(in.readAllBytes());
    }

    /** The status line and headers, up to the blank line (at most 64 KiB). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > 65_536) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
