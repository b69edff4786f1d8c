package dev.layerlab.runtime.bench;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.ExecSession;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.runc.ContainerSpec;
import dev.layerlab.runtime.runc.OciSpecWriter;
import dev.layerlab.runtime.runc.ProcessSpec;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Mounts;
import dev.layerlab.runtime.sys.Spawn;
import dev.layerlab.runtime.sys.Syscalls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Engine overhead over plain runc, measured side by side in one run (interleaved, so machine
 * noise hits both alike). Not a test: run with {@code scripts/bench.sh}.
 *
 * <ol>
 *   <li>{@code busybox true}: create + start + wait + remove through the engine's Java API, against
 *       {@code runc run} of an equivalent bundle (same hardened spec, overlay already mounted).</li>
 *   <li>exec of {@code true} into a running container through the engine, against {@code runc exec}.</li>
 * </ol>
 */
public final class EngineBenchmark {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmup = Math.max(10, iterations / 5);
        Path data = Files.createTempDirectory("layerlab-bench-");
        try (Engine engine = Engine.open(EngineSettings.defaults(data))) {
            engine.baseImages().ensureBusybox();
            Baseline baseline = Baseline.prepare(engine, data);
            try {
                List<Long> engineRun = new ArrayList<>();
                List<Long> runcRun = new ArrayList<>();
                for (int i = 0; i < warmup + iterations; i++) {
                    long e = time(() -> runThroughEngine(engine));
                    long r = time(baseline::runcRun);
                    if (i >= warmup) {
                        engineRun.add(e);
                        runcRun.add(r);
                    }
                }
                String host = engine.defaultSpace().containers().create(null, ContainerConfig.builder("busybox").cmd("sleep", "3600").build()).id();
                engine.defaultSpace().containers().start(host);
                List<Long> engineExec = new ArrayList<>();
                List<Long> runcExec = new ArrayList<>();
                for (int i = 0; i < warmup + iterations; i++) {
                    long e = time(() -> execThroughEngine(engine, host));
                    long r = time(() -> baseline.runcExec(engine, host));
                    if (i >= warmup) {
                        engineExec.add(e);
                        runcExec.add(r);
                    }
                }
                engine.defaultSpace().containers().remove(host, true);
                System.out.printf("iterations: %d (after %d warm-up), 2-core machine%n", iterations, warmup);
                report("run busybox true: engine create+start+wait+remove", engineRun);
                report("run busybox true: plain runc run (same spec)", runcRun);
                System.out.printf("  engine overhead over runc at the median: %.1f ms%n", (median(engineRun) - median(runcRun)) / 1e6);
                report("exec true: engine", engineExec);
                report("exec true: plain runc exec", runcExec);
                System.out.printf("  engine overhead over runc exec at the median: %.1f ms%n", (median(engineExec) - median(runcExec)) / 1e6);
            } finally {
                baseline.close();
            }
        } finally {
            AtomicFiles.deleteTree(data);
        }
    }

    private static void runThroughEngine(Engine engine) throws Exception {
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder("busybox").cmd("true").build());
        var exit = engine.defaultSpace().containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.defaultSpace().containers().start(c.id());
        if (exit.get(30, TimeUnit.SECONDS) != 0) {
            throw new IllegalStateException("busybox true failed");
        }
        engine.defaultSpace().containers().remove(c.id(), false);
    }

    private static void execThroughEngine(Engine engine, String container) throws Exception {
        ExecSession s = engine.defaultSpace().execs().create(container, ExecConfig.of("true"));
        engine.defaultSpace().execs().start(s.id(), null);
        if (s.exit().get(30, TimeUnit.SECONDS) != 0) {
            throw new IllegalStateException("exec true failed");
        }
    }

    /** A bundle equivalent to the engine's (same hardened spec), over an overlay mounted once. */
    private record Baseline(Path bundle, Path merged, Path runcRoot) implements AutoCloseable {
        static Baseline prepare(Engine engine, Path data) throws Exception {
            var image = engine.defaultSpace().images().resolve("busybox");
            Path layer = engine.snapshots().ensureLayer(image.layers().get(0).diffId(),
                    engine.content().path(image.layers().get(0).blob().digest()));
            Path dir = data.resolve("baseline");
            Path upper = Files.createDirectories(dir.resolve("upper"));
            Path work = Files.createDirectories(dir.resolve("work"));
            Path merged = Files.createDirectories(dir.resolve("merged"));
            Mounts.overlay(List.of(layer), upper, work, merged);
            ProcessSpec process = new ProcessSpec(List.of("true"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false, 0, 0);
            ContainerSpec spec = new ContainerSpec(process, merged, "baseline", List.of(), 512L << 20, 512, 0,
                    "/layerlab/bench-baseline", null);
            Path bundle = Files.createDirectories(dir.resolve("bundle"));
            Files.write(bundle.resolve("config.json"), Json.toBytes(OciSpecWriter.containerSpec(spec)));
            Files.write(dir.resolve("exec.json"), Json.toBytes(OciSpecWriter.process(process)));
            Path runcRoot = Files.createDirectories(Path.of("/run/layerlab/bench-baseline"));
            return new Baseline(bundle, merged, runcRoot);
        }

        void runcRun() {
            spawnAndWait(List.of("runc", "--root", runcRoot.toString(), "run", "--bundle", bundle.toString(), "baseline"));
        }

        void runcExec(Engine engine, String container) {
            spawnAndWait(List.of("runc", "--root", engine.runcStateRoot().toString(), "exec", "--process",
                    bundle.getParent().resolve("exec.json").toString(), container));
        }

        @Override
        public void close() throws Exception {
            Mounts.unmountIfMounted(merged);
            AtomicFiles.deleteTree(runcRoot);
        }
    }

    private static void spawnAndWait(List<String> argv) {
        Fd[] in = Syscalls.pipe();
        in[1].close();
        Fd[] out = Syscalls.pipe();
        try {
            int pid = Spawn.spawn(argv, ENV, in[0], out[1], out[1]);
            out[1].close();
            int code = Syscalls.waitForExit(pid);
            if (code != 0) {
                byte[] buf = new byte[4096];
                int n = out[0].read(buf);
                throw new IllegalStateException(argv + " exited " + code + ": " + (n > 0 ? new String(buf, 0, n) : ""));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } finally {
            in[0].close();
            out[0].close();
            out[1].close();
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static long time(Action action) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        return System.nanoTime() - t0;
    }

    private static double median(List<Long> xs) {
        return percentile(xs, 50);
    }

    private static double percentile(List<Long> xs, int p) {
        List<Long> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void report(String what, List<Long> xs) {
        System.out.printf("%-55s median %6.1f ms  p90 %6.1f ms  min %6.1f ms%n", what,
                median(xs) / 1e6, percentile(xs, 90) / 1e6, Collections.min(xs) / 1e6);
    }
}
