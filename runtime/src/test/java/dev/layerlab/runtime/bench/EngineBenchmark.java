package dev.layerlab.runtime.bench;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.ExecSession;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.io.AtomicFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Engine overhead over plain runc, measured side by side in one run. Not a test: run with
 * {@code scripts/bench.sh}.
 * <ol>
 *   <li>{@code busybox true}: create + start + wait + remove through the engine's Java API, against
 *       {@code runc run} of an equivalent bundle (same hardened spec, overlay already mounted).</li>
 *   <li>exec of {@code true} into a running container through the engine, against {@code runc exec}.</li>
 * </ol>
 */
public final class EngineBenchmark {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = Math.max(10, iterations / 5);
        Path data = Files.createTempDirectory("layerlab-bench-");
        try (Engine engine = Engine.open(EngineSettings.defaults(data));
             RuncBaseline baseline = prepare(engine, data)) {
            List<List<Long>> run = Timings.interleaved(warmup, iterations, () -> runThroughEngine(engine), baseline::runcRun);
            String host = engine.defaultSpace().containers().create(null,
                    ContainerConfig.builder("busybox").cmd("sleep", "3600").build()).id();
            engine.defaultSpace().containers().start(host);
            List<List<Long>> exec = Timings.interleaved(warmup, iterations, () -> execThroughEngine(engine, host),
                    () -> baseline.runcExec(engine, host));
            engine.defaultSpace().containers().remove(host, true);
            System.out.printf("iterations: %d (after %d warm-up), %d cores%n", iterations, warmup,
                    Runtime.getRuntime().availableProcessors());
            Timings.report("run busybox true: engine create+start+wait+remove", run.get(0));
            Timings.report("run busybox true: plain runc run (same spec)", run.get(1));
            System.out.printf("  engine overhead over runc at the median: %.1f ms%n",
                    (Timings.median(run.get(0)) - Timings.median(run.get(1))) / 1e6);
            Timings.report("exec true: engine", exec.get(0));
            Timings.report("exec true: plain runc exec", exec.get(1));
            System.out.printf("  engine overhead over runc exec at the median: %.1f ms%n",
                    (Timings.median(exec.get(0)) - Timings.median(exec.get(1))) / 1e6);
            idleContainers(engine, 50);
        } finally {
            AtomicFiles.deleteTree(data);
        }
    }

    /**
     * What {@code n} idle containers cost: every process on the host that exists because of them
     * (their own processes only: no shim or runc stays behind) and those processes' memory.
     */
    private static void idleContainers(Engine engine, int n) throws Exception {
        var containers = engine.defaultSpace().containers();
        int procsBefore = processCount();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = containers.create(null, ContainerConfig.builder("busybox").cmd("sleep", "3600").build()).id();
            containers.start(id);
            ids.add(id);
        }
        Thread.sleep(500);
        long containerRss = 0;
        for (String id : ids) {
            containerRss += rssKb(String.valueOf(containers.inspect(id).state().pid()));
        }
        int extraProcs = processCount() - procsBefore;
        System.out.printf("%d idle containers: %d extra processes on the host (%d are the containers' own), their RSS"
                + " %.1f MB (shared pages counted in each)%n", n, extraProcs, n, containerRss / 1024.0);
        for (String id : ids) {
            containers.remove(id, true);
        }
    }

    private static long rssKb(String pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static int processCount() throws java.io.IOException {
        try (var s = Files.list(Path.of("/proc"))) {
            return (int) s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        }
    }

    private static RuncBaseline prepare(Engine engine, Path data) throws Exception {
        engine.baseImages().ensureBusybox();
        return RuncBaseline.prepare(engine, data);
    }

    private static void runThroughEngine(Engine engine) throws Exception {
        var containers = engine.defaultSpace().containers();
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox").cmd("true").build());
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        if (exit.get(30, TimeUnit.SECONDS) != 0) {
            throw new IllegalStateException("busybox true failed");
        }
        containers.remove(c.id(), false);
    }

    private static void execThroughEngine(Engine engine, String container) throws Exception {
        ExecSession s = engine.defaultSpace().execs().create(container, ExecConfig.of("true"));
        engine.defaultSpace().execs().start(s.id(), null);
        if (s.exit().get(30, TimeUnit.SECONDS) != 0) {
            throw new IllegalStateException("exec true failed");
        }
    }
}
