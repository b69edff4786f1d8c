package dev.layerlab.server.bench;

import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.server.cli.SandboxFixture;
import dev.layerlab.server.terminal.Terminal;
import dev.layerlab.server.terminal.TerminalClient;
import dev.layerlab.server.terminal.TerminalSocket;
import dev.layerlab.server.terminal.Terminals;
import io.javalin.Javalin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keystroke echo latency through a terminal's WebSocket: one character sent as an input frame, timed
 * until its echo (by bash's readline, through the pty, the engine's pump and Jetty) arrives back.
 * The typist's terminal is alone in its sandbox; {@code busy} other terminals, five per sandbox as
 * other learners, each with a WebSocket client reading everything, run first the load of the task
 * ({@code yes | head -c 100000 > /dev/null}, then {@code date} every 0.1 s), then a heavy one
 * (20 KB to the terminal every 0.1 s each). Each keystroke through the socket alternates with one
 * typed straight into the same shell through {@link Terminal#input} and read by an in-process
 * client, so the socket's share of the time shows under the same load. Not a test: {@code scripts/bench.sh terminal [samples] [busy]}.
 */
public final class TerminalEchoBenchmark {
    static final String LIGHT = "yes | head -c 100000 > /dev/null; while true; do date; sleep 0.1; done\r";
    static final String HEAVY = "\u0003while true; do yes | head -c 20000; date; sleep 0.1; done\r";
    static final int PER_SANDBOX = 5;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int busy = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<SandboxFixture> fixtures = new ArrayList<>();
        List<Terminals> sets = new ArrayList<>();
        Javalin app = null;
        try {
            for (int i = 0; i < 1 + (busy + PER_SANDBOX - 1) / PER_SANDBOX; i++) {
                SandboxFixture fx = SandboxFixture.open();
                fixtures.add(fx);
                sets.add(new Terminals(fx.service.sandboxes(), fx.sandbox));
            }
            TerminalSocket socket = new TerminalSocket((ctx, id) -> sets.stream()
                    .flatMap(s -> s.find(id).stream()).findFirst().orElse(null));
            app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                socket.register(config);
            }).start(0);
            int port = app.port();

            Terminal shell = sets.get(0).get(sets.get(0).open(Terminal.Kind.HOST, null));
            Client typist = Client.connect(port, shell.id());
            typist.type("echo ready\r");
            Thread.sleep(500);
            List<List<Long>> idle = typist.measure(shell, samples);

            List<Client> others = new ArrayList<>();
            for (int i = 0; i < busy; i++) {
                Client c = Client.connect(port, sets.get(1 + i / PER_SANDBOX).open(Terminal.Kind.HOST, null));
                c.type(LIGHT);
                others.add(c);
            }
            Thread.sleep(2000);
            long before = bytes(others);
            long t0 = System.nanoTime();
            List<List<Long>> light = typist.measure(shell, samples);
            double lightRate = (bytes(others) - before) / ((System.nanoTime() - t0) / 1e9);

            for (Client c : others) {
                c.type(HEAVY);
            }
            Thread.sleep(2000);
            before = bytes(others);
            t0 = System.nanoTime();
            List<List<Long>> heavy = typist.measure(shell, samples);
            double heavyRate = (bytes(others) - before) / ((System.nanoTime() - t0) / 1e9);

            System.out.printf("samples: %d per case (after %d warm-up), %d busy terminals in %d other sandboxes, %d cores%n",
                    samples, samples / 10, busy, fixtures.size() - 1, Runtime.getRuntime().availableProcessors());
            reportBoth("nothing else running", idle);
            reportBoth(String.format("%d busy (task's load, %.0f KB/s out)", busy, lightRate / 1e3), light);
            reportBoth(String.format("%d busy (heavy, %.1f MB/s out)", busy, heavyRate / 1e6), heavy);
        } finally {
            for (Terminals s : sets) {
                s.closeAll();
            }
            if (app != null) {
                app.stop();
            }
            for (SandboxFixture fx : fixtures) {
                fx.close();
            }
        }
        System.exit(0);
    }

    static long bytes(List<Client> clients) {
        return clients.stream().mapToLong(c -> c.received.get()).sum();
    }

    static void reportBoth(String load, List<List<Long>> both) {
        report("echo via WebSocket, " + load, both.get(0));
        report("echo via Terminal API (no socket), " + load, both.get(1));
    }

    static void report(String what, List<Long> xs) {
        System.out.printf("%-72s median %5.2f ms  p90 %5.2f ms  p99 %5.2f ms  max %6.2f ms%n", what,
                Timings.median(xs) / 1e6, Timings.percentile(xs, 90) / 1e6, Timings.percentile(xs, 99) / 1e6,
                xs.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
    }

    /** A WebSocket client that counts what it receives and can time one echoed character. */
    static final class Client implements WebSocket.Listener {
        final AtomicLong received = new AtomicLong();
        volatile CompletableFuture<Long> pending;
        WebSocket ws;

        static Client connect(int port, String id) throws Exception {
            Client c = new Client();
            c.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port + "/ws/terminals/" + id), c)
                    .get(10, TimeUnit.SECONDS);
            return c;
        }

        void type(String keys) throws Exception {
            String json = "{\"type\":\"input\",\"data\":\"" + keys.replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\r", "\\r").replace("\u0003", "\\u0003").replace("\u0015", "\\u0015") + "\"}";
            ws.sendText(json, true).get(10, TimeUnit.SECONDS);
        }

        /**
         * Types {@code q} {@code n} times (plus a tenth as warm-up) at a typist's pace, alternately
         * through the WebSocket and straight into {@code terminal} (the same shell; its echo read by
         * an in-process client), so both see the same load; returns the echo times of each way.
         */
        List<List<Long>> measure(Terminal terminal, int n) throws Exception {
            List<Long> viaSocket = new ArrayList<>();
            List<Long> direct = new ArrayList<>();
            Direct tap = new Direct();
            terminal.attach(tap);
            int warmup = n / 10;
            for (int i = 0; i < warmup + n; i++) {
                if (i % 25 == 0) {
                    type("\u0015"); // Ctrl-U: an empty line again
                    Thread.sleep(50);
                }
                for (boolean socket : new boolean[]{true, false}) {
                    CompletableFuture<Long> echo = new CompletableFuture<>();
                    if (socket) {
                        pending = echo;
                    } else {
                        tap.pending = echo;
                    }
                    long t0 = System.nanoTime();
                    if (socket) {
                        type("q");
                    } else {
                        terminal.input(new byte[]{'q'});
                    }
                    long t = echo.get(10, TimeUnit.SECONDS) - t0;
                    pending = null;
                    tap.pending = null;
                    if (i >= warmup) {
                        (socket ? viaSocket : direct).add(t);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5, 20));
                }
            }
            terminal.detach(tap);
            type("\u0015");
            return List.of(viaSocket, direct);
        }

        static boolean completeOnQ(CompletableFuture<Long> pending, ByteBuffer data, long now) {
            if (pending != null) {
                for (int i = data.position(); i < data.limit(); i++) {
                    if (data.get(i) == 'q') {
                        return pending.complete(now);
                    }
                }
            }
            return false;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            long now = System.nanoTime();
            received.addAndGet(data.remaining());
            completeOnQ(pending, data, now);
            webSocket.request(1);
            return null;
        }
    }

    /** The in-process reader of the typist's shell: the same echo without the WebSocket. */
    static final class Direct implements TerminalClient {
        volatile CompletableFuture<Long> pending;

        @Override
        public boolean output(byte[] data) {
            Client.completeOnQ(pending, ByteBuffer.wrap(data), System.nanoTime());
            return true;
        }

        @Override
        public void exited(int code) {
        }
    }
}
