package dev.layerlab.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.cli.DockerCli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Noisy neighbours: while learner A does, one after another, the worst a learner can do to a shared
 * machine ({@link NoisePhases}), learner B types and runs containers, and we watch B's keystroke echo
 * and {@code docker run --rm busybox true}, and the server's heap, threads and descriptors. The real
 * server ({@link ServerProcess}: Main in its own JVM, default options but no warm pool) serves both
 * learners through the real HTTP API with cookies: the page, {@code POST /api/terminals}, the terminal's
 * WebSocket. B's runs use the real docker CLI on B's sandbox socket, as in {@code SandboxBenchmark}.
 *
 * <p>Per phase: the noise starts, {@value #SETTLE_MS} ms to build up, then {@code rounds} rounds of
 * {@code echoes} keystrokes at a typist's pace and one {@code docker run}; then a full GC in the server
 * and its heap used, threads and descriptors while the noise is still on; then the noise stops and
 * everything it made is removed. Not a test: {@code scripts/bench.sh neighbours [rounds] [echoes] [phase]}
 * (phase: a part of a phase's name, to run only those).
 */
public final class NeighboursBenchmark {
    static final long SETTLE_MS = 3000;
    static final long IDLE_AGAIN_MS = 62_000;
    /** Goals: B's echo p99, B's run median as a multiple of its idle median, the server's heap after GC. */
    static final double ECHO_P99_GOAL_MS = 100;
    static final double RUN_GOAL_FACTOR = 2.0;
    static final long HEAP_GOAL_BYTES = 128L << 20;

    /** Cores are CPU time over the phase's measuring time; others: the machine less the server and both sandboxes. */
    record Result(String phase, List<Long> echoes, List<Long> runs, List<Long> idleRuns, ServerProcess.Stats server,
                  double serverCores, double aCores, double otherCores, String evidence) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int echoes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String only = args.length > 2 ? args[2] : ""; // a part of the phases' names: only those run
        List<Result> results = new ArrayList<>();
        long started = System.nanoTime();
        try (ServerProcess server = ServerProcess.start("--warm-sandboxes", "0")) {
            System.out.printf("server pid %d on port %d, data in %s, log %s%n", server.pid(), server.port, server.dataDir, server.log);
            try (LearnerSession a = LearnerSession.arrive(server, "127.0.0.2")) {
                String aId = onlyNew(server, Set.of());
                try (LearnerSession b = LearnerSession.arrive(server, "127.0.0.1")) {
                    String bId = onlyNew(server, Set.of(aId));
                    DockerCli bCli = new DockerCli(socketOf(server, bId));
                    DockerCli aCli = new DockerCli(socketOf(server, aId));
                    System.out.printf("learner A: sandbox %s, learner B: sandbox %s; %d rounds of %d keystrokes and one run%n",
                            aId, bId, rounds, echoes);
                    for (int i = 0; i < 3; i++) {
                        bCli.run("run", "--rm", "busybox", "true").assertOk(); // warm-up
                    }
                    measureAs(b, bCli, rounds, echoes); // warm-up
                    results.add(phase("idle (nothing else running)", null, server, a, aId, b, bId, bCli, rounds, echoes));
                    for (NoisePhases.Phase p : new NoisePhases(a, aCli, aId, server.port).all()) {
                        if (!p.name().contains(only)) {
                            continue;
                        }
                        results.add(phase(p.name(), p.noise(), server, a, aId, b, bId, bCli, rounds, echoes));
                    }
                    Thread.sleep(IDLE_AGAIN_MS); // Jetty's pool lets threads idle this long go
                    results.add(phase("idle again, a minute after all phases", null, server, a, aId, b, bId, bCli, rounds, echoes));
                }
            }
        }
        report(results, rounds * echoes, rounds, (System.nanoTime() - started) / 1e9);
        System.exit(0);
    }

    private static Result phase(String name, NoisePhases.Noise noise, ServerProcess server, LearnerSession a, String aId,
                                LearnerSession b, String bId, DockerCli bCli, int rounds, int echoes) throws Exception {
        System.out.printf("phase: %s%n", name);
        // B's runs just before, with A quiet: the machine's other load (this machine is shared) changes over minutes
        List<Long> idleRuns = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            idleRuns.add(Timings.time(() -> bCli.run("run", "--rm", "busybox", "true").assertOk()));
        }
        if (noise != null) {
            noise.start();
            Thread.sleep(SETTLE_MS);
        }
        long cpu0 = server.cpuNanos();
        long a0 = SandboxUsage.cpuNanos(aId);
        long b0 = SandboxUsage.cpuNanos(bId);
        long m0 = ServerProcess.machineBusyNanos();
        long t0 = System.nanoTime();
        List<List<Long>> measured = measureAs(b, bCli, rounds, echoes);
        double wall = System.nanoTime() - t0;
        double serverCores = (server.cpuNanos() - cpu0) / wall;
        double aCores = (SandboxUsage.cpuNanos(aId) - a0) / wall;
        double bCores = (SandboxUsage.cpuNanos(bId) - b0) / wall;
        double otherCores = (ServerProcess.machineBusyNanos() - m0) / wall - serverCores - aCores - bCores;
        ServerProcess.Stats stats = server.stats();
        String evidence = noise == null ? "" : noise.stop();
        Result r = new Result(name, measured.get(0), measured.get(1), idleRuns, stats, serverCores, aCores, otherCores, evidence);
        System.out.printf("  echo p50 %.1f ms p99 %.1f ms max %.1f ms; run median %.0f ms (just before: %.0f ms); heap %.1f MiB, %d threads,"
                        + " %d fds; server %.2f cores, A %.2f cores, others %.2f cores%n  %s%n",
                ms(Timings.median(r.echoes)), ms(Timings.percentile(r.echoes, 99)), ms(max(r.echoes)),
                ms(Timings.median(r.runs)), ms(Timings.median(idleRuns)), mib(stats.heapUsedAfterGc()), stats.threads(), stats.openFiles(), serverCores, aCores,
                otherCores, evidence);
        System.out.printf("  server threads: %s; descriptors: %s%n", server.threadGroups(), server.descriptorKinds());
        Thread.sleep(2000); // what the noise left (removed containers' files, closed sockets) settles
        return r;
    }

    /** {@code rounds} times: {@code echoes} keystrokes in B's terminal at a typist's pace, then one docker run. */
    private static List<List<Long>> measureAs(LearnerSession b, DockerCli bCli, int rounds, int echoes) throws Exception {
        List<Long> echo = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            b.type("\u0015"); // Ctrl-U: an empty line again
            Thread.sleep(50);
            for (int i = 0; i < echoes; i++) {
                echo.add(b.echo());
                Thread.sleep(ThreadLocalRandom.current().nextInt(5, 20));
            }
            b.type("\u0015");
            runs.add(Timings.time(() -> bCli.run("run", "--rm", "busybox", "true").assertOk()));
        }
        return List.of(echo, runs);
    }

    /** The one sandbox the operator API lists besides {@code known}: the learner who just arrived has it. */
    private static String onlyNew(ServerProcess server, Set<String> known) throws Exception {
        JsonNode listed = sandboxes(server);
        Set<String> ids = new HashSet<>();
        for (JsonNode s : listed) {
            ids.add(s.path("id").asText());
        }
        ids.removeAll(known);
        if (ids.size() != 1) {
            throw new IllegalStateException("expected one new sandbox, the operator API lists " + listed);
        }
        return ids.iterator().next();
    }

    /** The sandbox's Docker API socket, as the operator API names it ({@code unix:///run/...}). */
    private static Path socketOf(ServerProcess server, String sandboxId) throws Exception {
        for (JsonNode s : sandboxes(server)) {
            if (s.path("id").asText().equals(sandboxId)) {
                return Path.of(s.path("dockerHost").asText().substring("unix://".length()));
            }
        }
        throw new IllegalStateException("no sandbox " + sandboxId);
    }

    private static JsonNode sandboxes(ServerProcess server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url("/api/sandboxes")))
                .header("Authorization", "Bearer " + server.operatorToken()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /api/sandboxes answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    private static void report(List<Result> results, int echoes, int runs, double seconds) {
        double idleRun = Timings.median(results.getFirst().runs());
        System.out.printf("%n%d cores; %d keystrokes and %d runs per phase; %.0f s in all; server heap max %.0f MiB%n",
                Runtime.getRuntime().availableProcessors(), echoes, runs, seconds, mib(results.getFirst().server().heapMax()));
        System.out.printf("goals: B's echo p99 <= %.0f ms, B's run median <= %.1fx its median just before the phase (A quiet;"
                        + " first idle phase: %.0f ms), server heap after GC <= %d MiB%n",
                ECHO_P99_GOAL_MS, RUN_GOAL_FACTOR, ms(idleRun), HEAP_GOAL_BYTES >> 20);
        System.out.println("| phase | B echo p50 | B echo p99 | B run median | just before | ratio | heap after GC | threads | fds"
                + " | server CPU | A's CPU | others' CPU | goals |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            double p99 = ms(Timings.percentile(r.echoes(), 99));
            double run = Timings.median(r.runs());
            double before = Timings.median(r.idleRuns());
            List<String> missed = new ArrayList<>();
            if (p99 > ECHO_P99_GOAL_MS) {
                missed.add("echo");
            }
            if (run > RUN_GOAL_FACTOR * before) {
                missed.add("run");
            }
            if (r.server().heapUsedAfterGc() > HEAP_GOAL_BYTES) {
                missed.add("heap");
            }
            System.out.printf("| %s | %.1f ms | %.1f ms | %.0f ms | %.0f ms | %.2fx | %.1f MiB | %d | %d | %.2f | %.2f | %.2f | %s |%n",
                    r.phase(), ms(Timings.median(r.echoes())), p99, ms(run), ms(before), run / before,
                    mib(r.server().heapUsedAfterGc()), r.server().threads(), r.server().openFiles(), r.serverCores(), r.aCores(),
                    r.otherCores(), missed.isEmpty() ? "met" : "missed: " + String.join(", ", missed));
        }
        System.out.println();
        for (Result r : results) {
            if (!r.evidence().isEmpty()) {
                System.out.printf("%s: %s%n", r.phase(), r.evidence());
            }
        }
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}
