package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.SpaceOptions;
import dev.layerlab.runtime.base.BaseImages;
import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.network.Netns;
import dev.layerlab.runtime.network.NetworkSettings;
import dev.layerlab.runtime.network.SandboxNetwork;
import dev.layerlab.runtime.network.SandboxNetworks;
import dev.layerlab.runtime.sandbox.PlaygroundImages.Outcome;
import dev.layerlab.runtime.sandbox.PlaygroundImages.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The playground's images on a real engine: built once (or loaded from /var/cache/layerlab/playground,
 * which later runs reuse), then run; they share debian's layer; a cached start builds nothing.
 */
class PlaygroundImagesTest {
    static final Path CACHE = EngineSettings.DEFAULT_CACHE.resolve("playground");
    static Path data;
    static Engine engine;
    static SandboxNetworks networks;
    static List<Outcome> first;
    static long firstMillis;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-playground-test-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
        engine.baseImages().ensureDebian();
        networks = new SandboxNetworks(NetworkSettings.defaults());
        PlaygroundImages playground = new PlaygroundImages(engine, networks, CACHE, "/dev/layerlab/runtime/playground/",
                PlaygroundImages.ALL);
        long t0 = System.nanoTime();
        first = playground.ensureAll(line -> System.out.println("[playground] " + line));
        firstMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("[playground] first ensure took %d ms: %s%n", firstMillis,
                first.stream().map(o -> o.spec().name() + "=" + o.source()).toList());
    }

    @AfterAll
    static void close() throws Exception {
        if (engine != null) {
            engine.close();
        }
        AtomicFiles.deleteTree(data);
    }

    static Map<String, Outcome> byName(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.toMap(o -> o.spec().name(), Function.identity()));
    }

    @Test
    void all_four_exist_and_share_debians_base_layer() {
        for (Outcome o : first) {
            assertNotEquals(Source.FAILED, o.source(), o.spec() + ": " + o.error());
        }
        Image debian = engine.defaultSpace().images().resolve(BaseImages.DEBIAN);
        Digest base = debian.layers().getFirst().diffId();
        for (Outcome o : first) {
            Image image = engine.defaultSpace().images().resolve(o.spec().tags().getFirst());
            assertEquals(base, image.layers().getFirst().diffId(), o.spec().name() + " is built on debian's layer");
            for (String tag : o.spec().tags()) {
                assertEquals(image.id(), engine.defaultSpace().images().resolve(tag).id(), tag);
            }
            System.out.printf("[playground] %s: %d layers, %.1f MB stored (%.1f MB above debian)%n", o.spec().name(),
                    image.layers().size(), image.storedSize() / 1e6, (image.storedSize() - debian.storedSize()) / 1e6);
        }
        Image nginx = engine.defaultSpace().images().resolve("nginx:1.22");
        assertEquals(List.of("nginx", "-g", "daemon off;"), nginx.config().config().cmd());
        assertEquals("SIGQUIT", nginx.config().config().stopSignal());
        assertTrue(nginx.config().config().exposedPorts().contains("80/tcp"));
        assertTrue(engine.spaces().stream().noneMatch(s -> s.name().startsWith("playground-build-")));
        assertTrue(Netns.list().stream().noneMatch(n -> n.startsWith("ll-pb")), Netns.list().toString());
    }

    @Test
    void python_node_and_the_whale_run_in_a_new_space() throws Exception {
        Space space = engine.space("pgtest-run", SpaceOptions.isolated(engine.settings().limits()));
        try {
            assertEquals("2\n", PlaygroundFixture.run(space, "python:3", "python", "-c", "print(1+1)"));
            assertEquals("3.11", PlaygroundFixture.run(space, "python:3.11", "python3", "-c",
                    "import sys; print('%d.%d' % sys.version_info[:2])").strip());
            assertEquals("[]\n", PlaygroundFixture.run(space, "python", "python3", "-c",
                    "import glob; print(glob.glob('/var/cache/apt/*.bin') + glob.glob('/var/cache/apt/archives/*.deb'))"),
                    "apt's caches and downloaded packages stay out of the layer");
            assertEquals("42\n", PlaygroundFixture.run(space, "node:18", "node", "-e", "console.log(6*7)"));
            String whale = PlaygroundFixture.run(space, "docker/whalesay", "cowsay", "hello world!");
            assertTrue(whale.contains("< hello world! >"), whale);
            assertTrue(whale.contains("'. : .'") && whale.contains("~~~~~~~~"), "a whale with a spout:\n" + whale);
            System.out.println(whale);
        } finally {
            engine.deleteSpace("pgtest-run");
        }
    }

    @Test
    void nginx_serves_its_page_to_another_container_of_the_network() throws Exception {
        String id = "pt" + Long.toHexString(System.nanoTime() & 0xffffffffL);
        SandboxNetwork network = networks.create(id);
        String spaceName = "pgtest-" + id;
        try {
            Space space = engine.space(spaceName, new SpaceOptions(BindResolver.REFUSE, new SandboxNetworking(network),
                    engine.settings().limits()));
            ContainerRecord web = space.containers().create(null, ContainerConfig.builder("nginx").build());
            space.containers().start(web.id());
            String ip = space.containers().inspect(web.id()).state().ip();
            String page = PlaygroundFixture.run(space, "busybox", "sh", "-c",
                    "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O- http://" + ip + "/ && exit 0; sleep 0.3; done; exit 1");
            assertTrue(page.contains("<h1>Welcome to nginx!</h1>"), page);
            space.containers().stop(web.id(), 5);
            String log = dev.layerlab.runtime.stdio.ContainerLog.text(space.containers().store().get(web.id()).log().read(-1));
            assertTrue(log.contains("\"GET / HTTP/1.1\" 200"), "the access log goes to stdout: " + log);
        } finally {
            engine.deleteSpace(spaceName);
            network.destroy();
        }
    }

    @Test
    void a_second_start_loads_from_the_cache_without_building_or_a_network() throws Exception {
        PlaygroundImages again = new PlaygroundImages(engine, null, CACHE, "/dev/layerlab/runtime/playground/", PlaygroundImages.ALL);
        List<Outcome> same = again.ensureAll(line -> System.out.println("[playground] " + line));
        assertTrue(same.stream().allMatch(o -> o.source() == Source.PRESENT), same.toString());

        Path freshData = Files.createTempDirectory("layerlab-playground-test2-");
        try (Engine fresh = Engine.open(EngineSettings.defaults(freshData))) {
            fresh.baseImages().ensureDebian();
            // No networks at all: a build would fail at once, so LOADED_FROM_CACHE proves none was needed.
            PlaygroundImages cached = new PlaygroundImages(fresh, null, CACHE, "/dev/layerlab/runtime/playground/",
                    PlaygroundImages.ALL);
            long t0 = System.nanoTime();
            List<Outcome> loaded = cached.ensureAll(line -> System.out.println("[playground] " + line));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("[playground] cached start took %d ms%n", millis);
            assertEquals(0, cached.buildsRun());
            for (Outcome o : loaded) {
                assertEquals(Source.LOADED_FROM_CACHE, o.source(), o.spec() + ": " + o.error());
                Image original = engine.defaultSpace().images().resolve(o.spec().tags().getFirst());
                assertEquals(original.config().diffIds(), o.image().config().diffIds(), "same content, same layers");
            }
            assertTrue(millis < 60_000, "loading four images took " + millis + " ms");
            Space newSpace = fresh.space("pgtest-fresh", SpaceOptions.isolated(fresh.settings().limits()));
            for (PlaygroundImages.Spec spec : PlaygroundImages.ALL) {
                for (String tag : spec.tags()) {
                    assertNotNull(newSpace.images().resolve(tag), "a new space sees " + tag);
                }
            }
        } finally {
            AtomicFiles.deleteTree(freshData);
        }
    }
}
