package dev.layerlab.server.bench;

import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.cli.SandboxFixture;
import dev.layerlab.server.web.Playground;
import dev.layerlab.server.web.PlaygroundSettings;
import io.javalin.Javalin;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A new learner's wait and an idle learner's cost. Not a test: run with {@code scripts/bench.sh page}.
 * <ol>
 *   <li>From the page request to a usable prompt, as the page's script does it: GET /playground (which
 *       sets the cookie), POST /api/terminals (which takes a sandbox), the terminal's WebSocket, until the
 *       shell's prompt arrives. Once with no warm sandbox (made on demand), once from the warm pool.
 *       The browser's own work (loading xterm.js, cached after the first visit) is not included.</li>
 *   <li>Memory per idle sandbox with its shell open: the resident memory of every process in its cgroup
 *       (shared pages counted in each, so an upper bound) plus the growth of the server's own resident
 *       memory per sandbox (its threads, buffers, session and API state).</li>
 * </ol>
 */
public final class PageBenchmark {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        try (SandboxFixture fx = SandboxFixture.open()) {
            List<Long> cold = promptTimes(fx, new PlaygroundSettings(0, 200, Duration.ofMinutes(30)), iterations);
            List<Long> warm = promptTimes(fx, new PlaygroundSettings(2, 200, Duration.ofMinutes(30)), iterations);
            System.out.printf("iterations: %d, %d cores%n", iterations, Runtime.getRuntime().availableProcessors());
            Timings.report("page request -> usable prompt, no warm sandbox", cold);
            Timings.report("page request -> usable prompt, from the warm pool", warm);
            idleMemory(fx, 10);
        }
        System.exit(0); // Javalin's WebSocket ping thread is not a daemon
    }

    private static List<Long> promptTimes(SandboxFixture fx, PlaygroundSettings settings, int n) throws Exception {
        Path learners = Files.createTempDirectory(fx.data, "bench-learners-");
        List<Long> times = new ArrayList<>();
        try (Playground playground = new Playground(fx.service, settings, learners, LessonCatalog.load())) {
            Access access = new Access(OperatorToken.loadOrCreate(learners), new OriginPolicy(List.of()));
            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                access.register(c); // as Main does: the learner's requests pass the same checks
                playground.register(c);
            }).start(0);
            playground.start();
            try {
                for (int i = 0; i < n + 2; i++) {
                    Thread.sleep(settings.warmSandboxes() > 0 ? 1500 : 100); // let the pool refill between learners
                    long t = Timings.time(() -> newLearnerToPrompt(app.port()));
                    if (i >= 2) {
                        times.add(t);
                    }
                }
            } finally {
                app.stop();
            }
        }
        return times;
    }

    /** One new learner: the page, a terminal, its socket, until bash's prompt ("root@lab:~#") shows. */
    static void newLearnerToPrompt(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://localhost:" + port;
        http.send(HttpRequest.newBuilder(URI.create(base + "/playground")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/api/terminals?kind=host&reuse=true"))
                .header("Origin", base).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String id = Json.MAPPER.readTree(t.body()).path("id").asText();
        String cookie = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().getFirst().toString();
        CompletableFuture<Void> prompt = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookie).header("Origin", base)
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/terminals/" + id), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                        seen.append(StandardCharsets.UTF_8.decode(data));
                        if (seen.toString().contains("# ")) {
                            prompt.complete(null);
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
        prompt.get(30, TimeUnit.SECONDS);
        ws.abort();
    }

    private static void idleMemory(SandboxFixture fx, int count) throws Exception {
        Path learners = Files.createTempDirectory(fx.data, "bench-idle-");
        try (Playground playground = new Playground(fx.service, new PlaygroundSettings(0, 200, Duration.ofMinutes(30)),
                learners, LessonCatalog.load())) {
            Javalin app = Javalin.create(c -> playground.register(c)).start(0);
            try {
                long serverBefore = serverRss();
                for (int i = 0; i < count; i++) {
                    newLearnerToPrompt(app.port());
                }
                Thread.sleep(2000);
                long serverPer = Math.max(0, serverRss() - serverBefore) / count;
                List<Long> rss = new ArrayList<>();
                for (var s : fx.service.sandboxes().list()) {
                    if (!s.id().equals(fx.sandbox.id())) {
                        rss.add(sandboxRss(s.id()));
                    }
                }
                rss.sort(Long::compare);
                long median = rss.get(rss.size() / 2);
                System.out.printf("idle sandbox with its shell: its processes %.1f MB (median of %d, max %.1f MB)"
                                + " + the server's own growth per sandbox %.1f MB = %.1f MB%n", median / 1e6, rss.size(),
                        rss.getLast() / 1e6, serverPer / 1e6, (median + serverPer) / 1e6);
            } finally {
                app.stop();
            }
        }
    }

    /** The server's resident memory (its heap, threads and buffers for the sandboxes it serves). */
    private static long serverRss() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return rssOf("self");
    }

    /** Sum of VmRSS of every process in the sandbox's memory cgroup (v1) or unified cgroup (v2). */
    static long sandboxRss(String sandboxId) throws Exception {
        Path v1 = Path.of("/sys/fs/cgroup/memory/layerlab/sb-" + sandboxId);
        Path dir = Files.isDirectory(v1) ? v1 : Path.of("/sys/fs/cgroup/layerlab/sb-" + sandboxId);
        long total = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path procs : files.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                for (String pid : Files.readAllLines(procs)) {
                    total += rssOf(pid.trim());
                }
            }
        }
        return total;
    }

    private static long rssOf(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // the process ended meanwhile
        }
        return 0;
    }
}
