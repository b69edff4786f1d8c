package dev.layerlab.server.bench;

import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One learner as a browser is one: a cookie jar, connections from its own loopback address (so the
 * server's per-address caps see two learners as two clients), the playground page, its sandbox's shell
 * through {@code POST /api/terminals} and the terminal's WebSocket. It can type, wait for output, and
 * time the echo of one keystroke.
 */
final class LearnerSession implements AutoCloseable {
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);

    final HttpClient http;
    final String base;
    private final InetAddress address;
    private final CookieManager cookies;
    private final StringBuilder output = new StringBuilder();
    private final AtomicInteger markers = new AtomicInteger();
    private volatile CompletableFuture<Long> pendingEcho;
    private WebSocket ws;

    private LearnerSession(InetAddress address, CookieManager cookies, String base) {
        this.address = address;
        this.cookies = cookies;
        this.http = client(address, cookies);
        this.base = base;
    }

    /** A new learner from {@code address} (127.0.0.x): the page, the shell's terminal, its socket, bash's prompt. */
    static LearnerSession arrive(ServerProcess server, String address) throws Exception {
        LearnerSession l = new LearnerSession(InetAddress.getByName(address), new CookieManager(), server.url(""));
        HttpClient http = l.http;
        l.get("/playground");
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(l.base + "/api/terminals?kind=host&reuse=true"))
                .header("Origin", l.base).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (t.statusCode() != 201 && t.statusCode() != 200) {
            throw new IOException("POST /api/terminals answered " + t.statusCode() + ": " + t.body());
        }
        String id = Json.MAPPER.readTree(t.body()).path("id").asText();
        l.ws = http.newWebSocketBuilder().header("Origin", l.base)
                .buildAsync(URI.create(l.base.replace("http:", "ws:") + "/ws/terminals/" + id), l.new Listener())
                .get(10, TimeUnit.SECONDS);
        l.awaitOutput("# ", Duration.ofSeconds(30));
        return l;
    }

    private static HttpClient client(InetAddress address, CookieManager cookies) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(address).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Another client of this learner's browser: the same address and cookie, connections of its own. Close it. */
    HttpClient sameBrowser() {
        return client(address, cookies);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Types {@code keys} into the shell, as the page sends them. */
    void type(String keys) throws Exception {
        ws.sendText(Json.MAPPER.writeValueAsString(java.util.Map.of("type", "input", "data", keys)), true)
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code command} in the shell and waits until it has finished (a marker the shell prints after
     * it, computed by the shell so that the echoed command line does not match); returns what it printed.
     */
    String run(String command, Duration timeout) throws Exception {
        int n = markers.incrementAndGet();
        int from;
        synchronized (output) {
            from = output.length();
        }
        type(command + "; echo NB-$((" + n + "*7))-done\r");
        String marker = "NB-" + (n * 7) + "-done";
        awaitOutput(marker, timeout);
        synchronized (output) {
            String all = output.substring(Math.min(from, output.length()));
            return all.substring(0, all.indexOf(marker));
        }
    }

    /** Waits until {@code text} has appeared in the shell's output since the terminal opened. */
    void awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no \"" + text + "\" in the terminal within " + timeout.toSeconds()
                            + " s; its last output: " + output.substring(Math.max(0, output.length() - 2000)));
                }
                output.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * Types one {@code q} and returns the time until its echo arrives through the WebSocket, or
     * {@link #ECHO_TIMEOUT} when it does not arrive that soon (counted as a miss, not an error).
     */
    long echo() throws Exception {
        CompletableFuture<Long> echo = new CompletableFuture<>();
        pendingEcho = echo;
        long t0 = System.nanoTime();
        type("q");
        try {
            return echo.get(ECHO_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) - t0;
        } catch (TimeoutException e) {
            return ECHO_TIMEOUT.toNanos();
        } finally {
            pendingEcho = null;
        }
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            long now = System.nanoTime();
            CompletableFuture<Long> echo = pendingEcho;
            if (echo != null) {
                for (int i = data.position(); i < data.limit(); i++) {
                    if (data.get(i) == 'q') {
                        echo.complete(now);
                        break;
                    }
                }
            }
            append(StandardCharsets.UTF_8.decode(data).toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            append(data.toString());
            webSocket.request(1);
            return null;
        }

        private void append(String text) {
            synchronized (output) {
                output.append(text);
                if (output.length() > 1 << 20) {
                    output.delete(0, output.length() - (1 << 19));
                }
                output.notifyAll();
            }
        }
    }
}
