package dev.layerlab.server.cli;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.sandbox.SandboxService;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A sandbox of its own on the test JVM's shared engine ({@link SharedEngine}), whose Docker API is
 * served, and two ways to drive it with the real docker CLI: from outside through its socket
 * ({@link #cli}), or inside the sandbox's own shell ({@link #shell}), exactly as a learner types it.
 * A test class registers one: {@code @RegisterExtension static final SandboxFixture fx = new SandboxFixture();}
 * (the sandbox exists from before the first test to after the last); other code uses {@link #open()}.
 */
public final class SandboxFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** A scratch directory of this fixture's own. */
    public Path data;
    public Engine engine;
    public SandboxService service;
    public Sandbox sandbox;
    public DockerCli cli;
    private final long diskBytes;

    /** A sandbox with the settings' disk quota. */
    public SandboxFixture() {
        this(0);
    }

    /** A sandbox whose disk quota is {@code diskBytes} (0: the settings'). */
    public SandboxFixture(long diskBytes) {
        this.diskBytes = diskBytes;
    }

    /** A fixture opened now, for code outside JUnit (benchmarks); close it when done. */
    public static SandboxFixture open() throws IOException {
        SandboxFixture fx = new SandboxFixture();
        fx.start();
        return fx;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private void start() throws IOException {
        SharedEngine shared = SharedEngine.get();
        engine = shared.engine;
        service = shared.service;
        data = Files.createTempDirectory(shared.data, "fixture-");
        sandbox = diskBytes > 0 ? service.create(diskBytes) : service.create();
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

    /** Removes this fixture's sandbox (everything in it) and scratch directory; the shared engine stays. */
    @Override
    public void close() throws Exception {
        if (sandbox != null) {
            service.delete(sandbox.id());
            sandbox = null;
        }
        if (data != null) {
            AtomicFiles.deleteTree(data);
        }
    }
}
