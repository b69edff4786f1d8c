package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.UpperDirChanges;
import dev.layerlab.runtime.stdio.ContainerLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The whole engine over real base images, runc and overlayfs. */
class EngineTest {
    static Path data;
    static Engine engine;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-engine-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureAll();
    }

    @AfterAll
    static void close() throws Exception {
        for (ContainerRecord c : engine.defaultSpace().containers().list()) {
            engine.defaultSpace().containers().remove(c.id(), true);
        }
        engine.close();
        AtomicFiles.deleteTree(data);
    }

    static String run(String image, String... cmd) throws Exception {
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder(image).cmd(cmd).build());
        var exit = engine.defaultSpace().containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.defaultSpace().containers().start(c.id());
        int code = exit.get(60, TimeUnit.SECONDS);
        String out = ContainerLog.text(engine.defaultSpace().containers().store().get(c.id()).log().read(-1));
        assertEquals(0, code, out);
        return out;
    }

    @Test
    void base_images_are_tagged_as_docker_names_them_and_run() throws Exception {
        assertEquals(engine.defaultSpace().images().resolve("busybox").id(), engine.defaultSpace().images().resolve("docker.io/library/busybox:latest").id());
        assertEquals(engine.defaultSpace().images().resolve("debian").id(), engine.defaultSpace().images().resolve("debian:bookworm").id());
        assertEquals("hello from busybox\n", run("busybox", "echo", "hello from busybox"));
        assertTrue(run("debian:bookworm", "cat", "/etc/debian_version").startsWith("12."));
        assertEquals("root 0\n", run("debian", "sh", "-c", "echo $(id -un) $(id -u)"));
        assertEquals("nobody 65534\n", runAs("debian", "nobody", "sh", "-c", "echo $(id -un) $(id -u)"));
    }

    static String runAs(String image, String user, String... cmd) throws Exception {
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder(image).user(user).cmd(cmd).build());
        var exit = engine.defaultSpace().containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.defaultSpace().containers().start(c.id());
        assertEquals(0, exit.get(60, TimeUnit.SECONDS));
        return ContainerLog.text(engine.defaultSpace().containers().store().get(c.id()).log().read(-1));
    }

    @Test
    void a_second_setup_is_instant() throws Exception {
        long t0 = System.nanoTime();
        engine.baseImages().ensureAll();
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "base images are found, not rebuilt");
    }

    @Test
    void copy_on_write_changes_commit_and_layer_origin() throws Exception {
        ContainerRecord c = engine.defaultSpace().containers().create("cow", ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "echo new > /hello.txt; echo changed >> /etc/passwd; rm /bin/vi").build());
        var exit = engine.defaultSpace().containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.defaultSpace().containers().start(c.id());
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));

        List<UpperDirChanges.Change> changes = engine.defaultSpace().views().changes("cow");
        assertTrue(changes.contains(new UpperDirChanges.Change("/hello.txt", UpperDirChanges.Kind.ADDED)), changes.toString());
        assertTrue(changes.contains(new UpperDirChanges.Change("/etc/passwd", UpperDirChanges.Kind.MODIFIED)), changes.toString());
        assertTrue(changes.contains(new UpperDirChanges.Change("/bin/vi", UpperDirChanges.Kind.DELETED)), changes.toString());

        assertEquals(FilesystemViews.PathOrigin.CONTAINER_LAYER, engine.defaultSpace().views().originInContainer("cow", "/hello.txt").layerIndex());
        assertEquals(0, engine.defaultSpace().views().originInContainer("cow", "/bin/sh").layerIndex());
        assertFalse(engine.defaultSpace().views().originInContainer("cow", "/bin/vi").visible());
        assertEquals(0, engine.defaultSpace().views().originInImage("busybox", "/bin/vi").layerIndex());

        Image committed = engine.defaultSpace().commit("cow", "cow:1", "a test commit", "layerlab", d -> d);
        assertEquals(2, committed.layers().size());
        assertEquals("new\n", run("cow:1", "cat", "/hello.txt"));
        assertTrue(run("cow:1", "sh", "-c", "test ! -e /bin/vi && echo gone").contains("gone"));
        assertEquals(1, engine.defaultSpace().views().originInImage("cow:1", "/hello.txt").layerIndex());
        assertFalse(engine.defaultSpace().views().originInImage("cow:1", "/bin/vi").visible());

        var inUse = assertThrows(ConflictException.class, () -> engine.defaultSpace().removeImage("cow:1", false));
        assertTrue(inUse.getMessage().contains("container"), inUse.getMessage());
    }

    @Test
    void exec_into_a_debian_container_resolves_users_from_its_passwd() throws Exception {
        ContainerRecord c = engine.defaultSpace().containers().create(null, ContainerConfig.builder("debian").cmd("sleep", "60").build());
        engine.defaultSpace().containers().start(c.id());
        var s = engine.defaultSpace().execs().create(c.id(), new ExecConfig(List.of("id"), List.of(), "www-data", "", false,
                false, true, true));
        var out = new StringBuilder();
        engine.defaultSpace().execs().start(s.id(), (stream, bytes, n) -> out.append(new String(bytes, 0, n)));
        assertEquals(0, s.exit().get(10, TimeUnit.SECONDS));
        assertEquals("uid=33(www-data) gid=33(www-data) groups=33(www-data)\n", out.toString());
        engine.defaultSpace().containers().remove(c.id(), true);
    }

    @Test
    void an_unknown_image_is_not_found() {
        var e = assertThrows(NotFoundException.class, () -> engine.defaultSpace().containers().create(null, ContainerConfig.builder("nginx").build()));
        assertTrue(e.getMessage().contains("No such image"), e.getMessage());
    }
}
