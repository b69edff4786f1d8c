package dev.layerlab.server.cli;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sandbox.PlaygroundImages;
import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.server.sandbox.SandboxService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One engine (with its base and playground images and its sandbox service) for every test class of a test
 * JVM: opening an engine and importing the 259 MB sandbox image takes seconds, a sandbox a tenth of one.
 * Classes stay apart because each gets its own sandbox (its own space, network and socket). Every sandbox
 * has the images a production sandbox has. Closed when the JVM exits.
 */
final class SharedEngine {
    private static SharedEngine instance;

    final Path data;
    final Engine engine;
    final SandboxService service;
    private final Path sockets;

    private SharedEngine() throws IOException {
        data = Files.createTempDirectory("layerlab-api-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
        engine.baseImages().ensureDebian();
        SandboxSettings d = SandboxSettings.defaults();
        engine.baseImages().ensureSandbox(d.dockerCli());
        sockets = Path.of("/run/layerlab/t-" + data.getFileName().toString().substring(13));
        service = new SandboxService(engine, new Sandboxes(engine, new SandboxSettings(sockets, d.dockerCli(),
                d.containerLimits(), d.memoryBytes(), d.pidsLimit(), d.cpuShares(), d.maxContainers(), false)));
        List<PlaygroundImages.Outcome> missing = service.sandboxes().playgroundImages().ensureAll(line -> { }).stream()
                .filter(o -> o.source() == PlaygroundImages.Source.FAILED).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("playground images missing: " + missing);
        }
    }

    static synchronized SharedEngine get() throws IOException {
        if (instance == null) {
            instance = new SharedEngine();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "layerlab-test-engine-close"));
        }
        return instance;
    }

    private void close() {
        try {
            service.close();
            engine.close();
            AtomicFiles.deleteTree(data);
            AtomicFiles.deleteTree(sockets);
        } catch (Exception e) {
            System.err.println("closing the shared test engine failed: " + e);
        }
    }
}
