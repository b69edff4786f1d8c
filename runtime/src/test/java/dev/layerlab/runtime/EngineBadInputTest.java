package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.image.ImageImporter;
import dev.layerlab.runtime.io.AtomicFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Hostile images and requests get a clear error, and the engine and host are as they were. */
class EngineBadInputTest {
    static Path data;
    static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-bad-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
    }

    @AfterAll
    static void close() throws Exception {
        engine.close();
        AtomicFiles.deleteTree(data);
    }

    @Test
    void an_image_whose_layer_climbs_out_of_the_root_cannot_run_and_nothing_of_it_is_unpacked() throws Exception {
        Path victim = data.getParent().resolve("layerlab-escape-target-" + data.getFileName());
        byte[] layer = tar(Map.of("ok.txt", "fine", "../../../../../../.." + victim, "owned"));
        new ImageImporter(engine.content(), engine.defaultSpace().images()).load(new ByteArrayInputStream(dockerSave("evil:1", layer)));
        var layersBefore = engine.snapshots().layers();

        var e = assertThrows(InvalidArgumentException.class,
                () -> engine.defaultSpace().containers().create(null, ContainerConfig.builder("evil:1").cmd("true").build()));
        assertTrue(e.getMessage().contains(".."), e.getMessage());
        assertEquals(layersBefore, engine.snapshots().layers(), "no layer directory was left behind");
        assertFalse(Files.exists(victim), "nothing was written outside the data directory");
        assertTrue(engine.defaultSpace().containers().list().stream().noneMatch(c -> c.imageReference().equals("evil:1")));

        // The engine carries on as before.
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder("busybox").cmd("true").build());
        var exit = engine.defaultSpace().containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.defaultSpace().containers().start(c.id());
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        engine.defaultSpace().containers().remove(c.id(), false);
    }

    @Test
    void a_bad_container_name_user_or_signal_is_refused_clearly() throws Exception {
        var name = assertThrows(InvalidArgumentException.class,
                () -> engine.defaultSpace().containers().create("bad name!", ContainerConfig.builder("busybox").build()));
        assertTrue(name.getMessage().contains("Invalid container name"), name.getMessage());
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder("busybox").cmd("sleep", "30").build());
        engine.defaultSpace().containers().start(c.id());
        var signal = assertThrows(InvalidArgumentException.class, () -> engine.defaultSpace().containers().kill(c.id(), "SIGNOPE"));
        assertTrue(signal.getMessage().contains("Invalid signal"));
        engine.defaultSpace().containers().remove(c.id(), true);
    }

    @Test
    void a_second_engine_on_the_same_data_directory_is_refused() {
        var e = assertThrows(dev.layerlab.runtime.error.ConflictException.class, () -> Engine.open(EngineSettings.defaults(data)));
        assertTrue(e.getMessage().contains("in use by another layerlab engine"), e.getMessage());
    }

    @Test
    void garbage_collection_frees_what_no_image_or_container_uses() throws Exception {
        byte[] layer = tar(Map.of("only-here.txt", "x".repeat(10_000)));
        new ImageImporter(engine.content(), engine.defaultSpace().images()).load(new ByteArrayInputStream(dockerSave("scrap:1", layer)));
        Digest diffId = Digest.of(layer);
        engine.defaultSpace().containers().create("scrap-user", ContainerConfig.builder("scrap:1").cmd("true").build());
        assertTrue(engine.snapshots().hasLayer(diffId));
        engine.defaultSpace().containers().remove("scrap-user", false);
        engine.defaultSpace().removeImage("scrap:1", false);
        assertTrue(engine.collectGarbage() > 10_000);
        assertFalse(engine.snapshots().hasLayer(diffId));
        assertFalse(engine.content().has(diffId));
        assertNotNull(engine.defaultSpace().images().resolve("busybox"), "images in use are kept");
    }

    static byte[] tar(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey(), true);
                entry.setSize(content.length);
                out.putArchiveEntry(entry);
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] dockerSave(String tag, byte[] layer) throws Exception {
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(layer) + "\"]}}";
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"l/layer.tar\"]}]";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (var f : Map.of("manifest.json", manifest.getBytes(), "config.json", config.getBytes(), "l/layer.tar", layer).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey(), true);
                entry.setSize(f.getValue().length);
                out.putArchiveEntry(entry);
                out.write(f.getValue());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
