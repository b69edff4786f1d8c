package dev.layerlab.runtime.bench;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.runc.ContainerSpec;
import dev.layerlab.runtime.runc.OciSpecWriter;
import dev.layerlab.runtime.runc.ProcessSpec;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Mounts;
import dev.layerlab.runtime.sys.Spawn;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plain runc on a bundle equivalent to the engine's (same hardened spec) over the busybox layer,
 * overlay mounted once: what the engine's figures are compared against.
 */
public record RuncBaseline(Path bundle, Path merged, Path runcRoot) implements AutoCloseable {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    public static RuncBaseline prepare(Engine engine, Path data) throws Exception {
        var image = engine.defaultSpace().images().resolve("busybox");
        Path layer = engine.snapshots().ensureLayer(image.layers().get(0).diffId(),
                engine.content().path(image.layers().get(0).blob().digest()));
        Path dir = data.resolve("baseline");
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Mounts.overlay(List.of(layer), upper, work, merged);
        ProcessSpec process = new ProcessSpec(List.of("true"), List.of("PATH=/bin"), "/", 0, 0, List.of(), false, 0, 0, List.of(), 0);
        ContainerSpec spec = new ContainerSpec(process, merged, "baseline", List.of(), 512L << 20, 512, 0,
                "/layerlab/bench-baseline", null);
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.write(bundle.resolve("config.json"), Json.toBytes(OciSpecWriter.containerSpec(spec)));
        Files.write(dir.resolve("exec.json"), Json.toBytes(OciSpecWriter.process(process)));
        Path runcRoot = Files.createDirectories(Path.of("/run/layerlab/bench-baseline"));
        return new RuncBaseline(bundle, merged, runcRoot);
    }

    /** {@code runc run} of {@code true}, in the foreground as runc's own users do. */
    public void runcRun() {
        spawnAndWait(List.of("runc", "--root", runcRoot.toString(), "run", "--bundle", bundle.toString(), "baseline"));
    }

    /** {@code runc exec} of {@code true} into a running engine container. */
    public void runcExec(Engine engine, String container) {
        spawnAndWait(List.of("runc", "--root", engine.runcStateRoot().toString(), "exec", "--process",
                bundle.getParent().resolve("exec.json").toString(), container));
    }

    @Override
    public void close() throws Exception {
        Mounts.unmountIfMounted(merged);
        AtomicFiles.deleteTree(runcRoot);
    }

    static void spawnAndWait(List<String> argv) {
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
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            in[0].close();
            out[0].close();
            out[1].close();
        }
    }
}
