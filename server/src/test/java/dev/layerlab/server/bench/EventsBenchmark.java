package dev.layerlab.server.bench;

import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How soon a live {@code docker events} shows what a command changed. Not a test: run with
 * {@code scripts/bench.sh events [iterations]}. A real CLI streams {@code docker events} from the sandbox's
 * socket while another real CLI runs {@code docker create}; for each create it reports the time from the
 * command's start to the line on the events client's stdout (what a person watching sees), and the part of
 * it after the engine published the event (the stream's own delay: feed, JSON, socket, CLI).
 */
public final class EventsBenchmark {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmup = Math.max(3, iterations / 10);
        try (SandboxFixture fx = SandboxFixture.open()) {
            DockerCli cli = fx.cli;
            Process events = cli.start("events", "--filter", "event=create", "--format", "{{.TimeNano}}");
            List<Long> fromCommand = new ArrayList<>();
            List<Long> fromPublish = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                while (fx.space().events().subscribers() == 0) {
                    Thread.sleep(10);
                }
                for (int i = 0; i < warmup + iterations; i++) {
                    long startedWall = wallNanos();
                    long started = System.nanoTime();
                    cli.run("create", "--name", "bench-ev-" + i, "busybox", "true").assertOk();
                    String line = out.readLine();
                    long seen = System.nanoTime();
                    long seenWall = wallNanos();
                    if (i >= warmup) {
                        fromCommand.add(seen - started);
                        fromPublish.add(seenWall - Long.parseLong(line.strip()));
                    }
                    if (Long.parseLong(line.strip()) < startedWall) {
                        throw new IllegalStateException("an event from before the command: " + line);
                    }
                }
            } finally {
                events.destroy();
            }
            System.out.printf("iterations: %d (after %d warm-up), %d cores%n", iterations, warmup,
                    Runtime.getRuntime().availableProcessors());
            Timings.report("docker create -> line on a live docker events", fromCommand);
            Timings.report("engine publishes -> line on docker events' stdout", fromPublish);
            System.out.printf("p95: %.1f ms from the command, %.1f ms from the publish%n",
                    Timings.percentile(fromCommand, 95) / 1e6, Timings.percentile(fromPublish, 95) / 1e6);
        }
    }

    private static long wallNanos() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
