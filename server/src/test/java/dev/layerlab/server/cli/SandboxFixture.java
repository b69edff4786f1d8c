package dev.layerlab.server.cli;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.server.sandbox.SandboxService;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real engine with one sandbox whose Docker API is served, and two ways to drive it with the
 * real docker CLI: from outside through its socket ({@link #cli}), or inside the sandbox's own
 * shell ({@link #shell}), exactly as a learner types it.
 */
public final class SandboxFixture implements AutoCloseable {
    public final Path data;
    public final Engine engine;
    public final SandboxService service;
    public final Sandbox sandbox;
    public final DockerCli cli;
    private final Path sockets;

    public SandboxFixture() throws Exception {
        this(false);
    }

    /** A fixture whose sandbox also has the playground's images (nginx, python, node, docker/whalesay). */
    public static SandboxFixture withPlaygroundImages() throws Exception {
        return new SandboxFixture(true);
    }

    private SandboxFixture(boolean playgroundImages) throws Exception {
        data = Files.createTempDirectory("layerlab-api-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
        engine.baseImages().ensureDebian();
        SandboxSettings d = SandboxSettings.defaults();
        engine.baseImages().ensureSandbox(d.dockerCli());
        sockets = Path.of("/run/layerlab/t-" + data.getFileName().toString().substring(13));
        service = new SandboxService(engine, new Sandboxes(engine, new SandboxSettings(sockets, d.dockerCli(),
                d.containerLimits(), d.memoryBytes(), d.pidsLimit(), d.cpuShares(), d.maxContainers(), false)));
        if (playgroundImages) {
            var missing = service.sandboxes().playgroundImages().ensureAll(line -> { }).stream()
                    .filter(o -> o.source() == dev.layerlab.runtime.sandbox.PlaygroundImages.Source.FAILED).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("playground images missing: " + missing);
            }
        }
        sandbox = service.create();
        cli = new DockerCli(sandbox.apiSocket());
    }

    /** The learner's space: what the API shows. */
    public Space space() {
        return service.sandboxes().space(sandbox);
    }

    /** Runs a bash script in the sandbox's shell (the host container), where docker is the real CLI. */
    public CliResult shell(String script) throws Exception {
        Space host = service.sandboxes().hostSpace(sandbox);
        var exec = host.execs().create(sandbox.hostContainerId(), new ExecConfig(List.of("bash", "-lc", script),
                List.of(), "", "/root", false, false, true, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        host.execs().start(exec.id(), (stream, bytes, n) -> (stream == dev.layerlab.runtime.stdio.StreamType.STDERR ? err : out)
                .write(bytes, 0, n));
        int code = exec.exit().get(120, TimeUnit.SECONDS);
        return new CliResult(code, out.toString(), err.toString());
    }

    /** {@link #shell} that must succeed: a failure shows the script, its output and its errors. */
    public CliResult ok(String script) throws Exception {
        CliResult r = shell(script);
        if (r.exitCode() != 0) {
            throw new AssertionError("script failed (exit " + r.exitCode() + "): " + script + "\nstdout: " + r.stdout()
                    + "\nstderr: " + r.stderr());
        }
        return r;
    }

    @Override
    public void close() throws Exception {
        service.close();
        engine.close();
        AtomicFiles.deleteTree(data);
        AtomicFiles.deleteTree(sockets);
    }
}
