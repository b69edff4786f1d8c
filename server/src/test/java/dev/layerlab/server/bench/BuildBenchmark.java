package dev.layerlab.server.bench;

import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Build figures through the real CLI against a sandbox's socket. Not a test: run with
 * {@code scripts/bench.sh build}.
 * <ol>
 *   <li>A fully cached rebuild of a 10-step Dockerfile (context upload, parse, ten cache lookups, tag).</li>
 *   <li>A RUN step against {@code docker run} of the same command: {@code docker build --no-cache} of
 *       {@code FROM busybox / RUN true} next to {@code docker run --rm busybox true}. The difference is the
 *       whole cost of building over running (context, FROM, commit of the layer and image, tag), so it
 *       bounds the RUN step's own overhead from above.</li>
 * </ol>
 */
public final class BuildBenchmark {
    private static final String TEN_STEPS = """
            FROM busybox
            WORKDIR /app
            ENV MODE=bench
            COPY a.txt .
            RUN echo one > /one
            COPY b.txt .
            RUN cat b.txt > /two
            ARG LEVEL=1
            LABEL purpose=benchmark
            CMD ["sh"]
            """;

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmup = Math.max(5, iterations / 5);
        try (SandboxFixture fx = SandboxFixture.open()) {
            DockerCli cli = fx.cli;
            Path ten = context(fx.data.resolve("bench-ten"), TEN_STEPS);
            Files.writeString(ten.resolve("a.txt"), "a\n");
            Files.writeString(ten.resolve("b.txt"), "b\n");
            Path run = context(fx.data.resolve("bench-run"), "FROM busybox\nRUN true\n");
            cli.run("build", "-t", "bench:ten", ten.toString()).assertOk();
            List<List<Long>> cached = Timings.interleaved(warmup, iterations,
                    () -> {
                        String out = cli.run("build", "-t", "bench:ten", ten.toString()).assertOk().stdout();
                        if (out.contains("Running in")) {
                            throw new IllegalStateException("the rebuild was not fully cached:\n" + out);
                        }
                    },
                    () -> cli.run("version").assertOk());
            List<List<Long>> step = Timings.interleaved(warmup, iterations,
                    () -> cli.run("build", "--no-cache", "-t", "bench:run", run.toString()).assertOk(),
                    () -> cli.run("run", "--rm", "busybox", "true").assertOk());
            cli.run("image", "prune", "-f").assertOk();
            System.out.printf("iterations: %d (after %d warm-up), %d cores%n", iterations, warmup,
                    Runtime.getRuntime().availableProcessors());
            Timings.report("docker build, 10 steps, all cached (real CLI -> sandbox socket)", cached.get(0));
            Timings.report("docker version (the CLI's own round trip)", cached.get(1));
            Timings.report("docker build --no-cache: FROM busybox + RUN true", step.get(0));
            Timings.report("docker run --rm busybox true", step.get(1));
            System.out.printf("RUN step over docker run (median difference, an upper bound): %.1f ms%n",
                    (Timings.median(step.get(0)) - Timings.median(step.get(1))) / 1e6);
        }
    }

    private static Path context(Path dir, String dockerfile) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        return dir;
    }
}
