package dev.layerlab.runtime;

import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.container.NetworkAttacher;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.stdio.ContainerLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Docker's volume rules and per-space isolation, with real containers. */
class VolumeAndSpaceTest {
    static Path data;
    static Path fakeHost;
    static Engine engine;
    static Space space;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-volumes-");
        fakeHost = Files.createDirectories(data.resolve("fake-host-root"));
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
        // Bind sources are paths of a pretend sandbox host, resolved inside its root like a sandbox does.
        space = engine.space("lab-a", new SpaceOptions(path -> {
            try (TreeRoot root = TreeRoot.open(fakeHost)) {
                return root.makeDirectories(path);
            }
        }, NetworkAttacher.NONE, Limits.DEFAULT));
    }

    @AfterAll
    static void close() throws Exception {
        for (Space s : engine.spaces()) {
            engine.deleteSpace(s.name());
        }
        engine.close();
        AtomicFiles.deleteTree(data);
    }

    static String run(Space in, ContainerConfig config) throws Exception {
        ContainerRecord c = in.containers().create(null, config);
        var exit = in.containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        in.containers().start(c.id());
        int code = exit.get(30, TimeUnit.SECONDS);
        String out = ContainerLog.text(in.containers().store().get(c.id()).log().read(-1));
        assertEquals(0, code, out);
        return out;
    }

    @Test
    void a_named_volume_outlives_its_container_and_is_shared() throws Exception {
        run(space, ContainerConfig.builder("busybox").cmd("sh", "-c", "echo kept > /data/note")
                .mounts(List.of(MountRequest.parseBind("notes:/data"))).autoRemove(true).build());
        assertEquals("kept\n", run(space, ContainerConfig.builder("busybox").cmd("cat", "/other/note")
                .mounts(List.of(MountRequest.parseBind("notes:/other"))).build()));
        assertNotNull(space.volumes().get("notes"));
        var inUse = assertThrows(ConflictException.class, () -> space.removeVolume("notes", false));
        assertTrue(inUse.getMessage().contains("volume is in use"), inUse.getMessage());
    }

    @Test
    void an_empty_volume_is_filled_from_the_image_but_a_bind_mount_hides_it() throws Exception {
        String fromVolume = run(space, ContainerConfig.builder("busybox").cmd("ls", "/etc")
                .mounts(List.of(MountRequest.parseBind("etc-copy:/etc"))).build());
        assertTrue(fromVolume.contains("passwd"), fromVolume);
        Files.createDirectories(fakeHost.resolve("emptydir"));
        String fromBind = run(space, ContainerConfig.builder("busybox").cmd("ls", "-A", "/etc")
                .mounts(List.of(MountRequest.parseBind("/emptydir:/etc"))).build());
        // Only the engine's own /etc files are mounted over the empty bind.
        assertFalse(fromBind.contains("passwd"), fromBind);
    }

    @Test
    void read_only_and_nested_mounts_follow_docker() throws Exception {
        Files.writeString(Files.createDirectories(fakeHost.resolve("app")).resolve("main.py"), "print('hi')\n");
        String out = run(space, ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "cat /app/main.py; touch /app/x 2>/dev/null || echo ro; ls /app/feedback; echo ok > /app/feedback/f")
                .mounts(List.of(MountRequest.parseBind("/app:/app:ro"), MountRequest.parseBind("feedback:/app/feedback")))
                .build());
        assertTrue(out.startsWith("print('hi')\nro\n"), out);
        assertTrue(Files.exists(space.volumes().get("feedback").mountpoint().resolve("f")), "the longer path (the volume) wins");
        assertFalse(Files.exists(fakeHost.resolve("app/feedback/f")));
    }

    @Test
    void anonymous_volumes_go_with_rm_v_and_bad_specs_are_refused() throws Exception {
        ContainerRecord c = space.containers().create(null, ContainerConfig.builder("busybox").cmd("true")
                .mounts(List.of(MountRequest.anonymous("/scratch"))).build());
        String anon = c.mounts().get(0).name();
        assertEquals(64, anon.length());
        assertTrue(space.volumes().exists(anon));
        space.containers().remove(c.id(), false, true);
        assertFalse(space.volumes().exists(anon));
        assertThrows(InvalidArgumentException.class, () -> MountRequest.parseBind("data:relative"));
        assertThrows(InvalidArgumentException.class, () -> MountRequest.parseBind("/a:/b:weird"));
        assertThrows(InvalidArgumentException.class, () -> space.containers().create(null, ContainerConfig.builder("busybox")
                .mounts(List.of(MountRequest.parseBind("v1:/d"), MountRequest.parseBind("v2:/d"))).build()));
    }

    @Test
    void a_bind_path_cannot_climb_out_of_the_sandbox_host() throws Exception {
        String out = run(space, ContainerConfig.builder("busybox").cmd("ls", "/h")
                .mounts(List.of(MountRequest.parseBind("/../../../../:/h"))).build());
        assertFalse(out.contains("etc"), "the real host's root is not reachable: " + out);
    }

    @Test
    void spaces_see_base_images_but_not_each_others_tags_containers_or_volumes() throws Exception {
        Space other = engine.space("lab-b", SpaceOptions.isolated(Limits.DEFAULT));
        assertEquals(space.images().resolve("busybox").id(), other.images().resolve("busybox").id());
        ContainerRecord mine = space.containers().create("only-in-a", ContainerConfig.builder("busybox").cmd("true").build());
        space.commit(mine.id(), "mine:1", null, null, d -> d);
        space.volumes().create("private", null);
        assertThrows(NotFoundException.class, () -> other.containers().inspect("only-in-a"));
        assertThrows(NotFoundException.class, () -> other.images().resolve("mine:1"));
        assertFalse(other.volumes().exists("private"));
        assertThrows(InvalidArgumentException.class, () -> other.containers().create(null,
                ContainerConfig.builder("busybox").mounts(List.of(MountRequest.parseBind("/etc:/x"))).build()));
        engine.deleteSpace("lab-b");
        assertNotNull(space.images().resolve("busybox"), "deleting a space leaves shared images in others");
    }

    @Test
    void a_forced_remove_meeting_an_auto_remove_in_progress_succeeds() throws Exception {
        for (int i = 0; i < 15; i++) {
            ContainerRecord c = space.containers().create(null, ContainerConfig.builder("busybox")
                    .cmd("sleep", "30").autoRemove(true).build());
            space.containers().start(c.id());
            // SIGKILL ends it; its --rm removal and this forced removal then race for the same container.
            space.containers().remove(c.id(), true, true);
            String id = c.id();
            assertTrue(space.containers().list().stream().noneMatch(r -> r.id().equals(id)));
        }
    }
}
