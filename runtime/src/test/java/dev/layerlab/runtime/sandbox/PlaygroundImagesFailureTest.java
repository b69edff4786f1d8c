package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.network.Netns;
import dev.layerlab.runtime.network.NetworkSettings;
import dev.layerlab.runtime.network.SandboxNetworks;
import dev.layerlab.runtime.sandbox.PlaygroundImages.Outcome;
import dev.layerlab.runtime.sandbox.PlaygroundImages.Source;
import dev.layerlab.runtime.sandbox.PlaygroundImages.Spec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** One playground image whose Dockerfile fails does not keep the others away; nothing of the build is left. */
class PlaygroundImagesFailureTest {
    static Path data;
    static Path cache;
    static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-playground-fail-");
        cache = data.resolve("cache");
        engine = Engine.open(EngineSettings.defaults(data.resolve("engine")));
        engine.baseImages().ensureDebian();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
        AtomicFiles.deleteTree(data);
    }

    @Test
    void a_broken_dockerfile_fails_alone_and_is_reported() throws Exception {
        PlaygroundImages playground = new PlaygroundImages(engine, new SandboxNetworks(NetworkSettings.defaults()), cache,
                "/dev/layerlab/runtime/sandbox/playground-broken/",
                List.of(new Spec("broken", List.of("broken:latest")), new Spec("fine", List.of("fine:latest", "fine:1"))));
        List<String> progress = new ArrayList<>();
        List<Outcome> outcomes = playground.ensureAll(progress::add);

        assertEquals(Source.FAILED, outcomes.get(0).source());
        assertTrue(outcomes.get(0).error().contains("returned a non-zero code: 3"), outcomes.get(0).error());
        assertTrue(outcomes.get(0).error().contains("about to fail"), "the build's last lines: " + outcomes.get(0).error());
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("MISSING broken:latest: ")), progress.toString());

        assertEquals(Source.BUILT, outcomes.get(1).source(), outcomes.get(1).error());
        assertEquals("fine despite a broken sibling\n", PlaygroundFixture.run(engine.defaultSpace(), "fine:1"));
        assertTrue(Files.isRegularFile(cache.resolve("fine-" + PlaygroundSources.key(
                PlaygroundSources.read("/dev/layerlab/runtime/sandbox/playground-broken/", "fine"),
                engine.defaultSpace().images().resolve("debian:bookworm")) + ".tar")));
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count(), "only the fine image is cached");
        }
        assertTrue(engine.spaces().stream().noneMatch(s -> s.name().startsWith("playground-build-")));
        assertTrue(Netns.list().stream().noneMatch(n -> n.startsWith("ll-pb")), Netns.list().toString());
        assertTrue(engine.baseImages().present().stream().anyMatch(t -> t.tags().toString().contains("fine:1")));
        assertTrue(engine.baseImages().present().stream().noneMatch(t -> t.tags().toString().contains("broken")));
    }
}
