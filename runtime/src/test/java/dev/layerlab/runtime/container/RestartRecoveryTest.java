package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.ContainerLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A second engine over the same data directory, as after a server restart while containers ran:
 * it lists them as they were, keeps exited logs, stops what was left running, and leaks nothing.
 */
class RestartRecoveryTest {
    @Test
    void a_restarted_engine_lists_containers_keeps_logs_and_stops_leftovers() throws Exception {
        try (EngineFixture first = new EngineFixture()) {
            ContainerService before = first.containers;
            String exited = before.create("done", ContainerConfig.builder("busybox").cmd("echo", "kept").build()).id();
            var exit = before.waitFor(exited, WaitCondition.NEXT_EXIT);
            before.start(exited);
            assertEquals(0, exit.get(10, TimeUnit.SECONDS));
            String running = before.create("left-running", ContainerConfig.builder("busybox").cmd("sleep", "300").build()).id();
            before.start(running);
            int pid = before.inspect(running).state().pid();
            String created = before.create("never-started", ContainerConfig.builder("busybox").cmd("true").build()).id();

            // The "restarted" engine: a fresh store over the same directories; the old one is abandoned.
            ContainerService after = new ContainerService(
                    new ContainerStore(first.data.resolve("containers"), 1 << 20, Clock.systemUTC()),
                    first.snapshots, first.runc, name -> { throw new IllegalStateException(); },
                    new dev.layerlab.runtime.volume.VolumeStore(first.data.resolve("volumes"), Clock.systemUTC()),
                    BindResolver.REFUSE, NetworkAttacher.NONE, Limits.DEFAULT, Clock.systemUTC(), Path.of("/etc/resolv.conf"));
            after.recover();

            assertEquals(3, after.list().size());
            assertEquals(Status.EXITED, after.inspect("done").state().status());
            assertEquals("kept\n", ContainerLog.text(after.store().get("done").log().read(-1)));
            assertEquals(Status.CREATED, after.inspect(created).state().status());
            ContainerRecord recovered = after.inspect(running);
            assertEquals(Status.EXITED, recovered.state().status());
            assertEquals(255, recovered.state().exitCode());
            assertFalse(Files.exists(Path.of("/proc/" + pid + "/cmdline")) && isSleep(pid), "the old process is gone");
            assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(first.data.toString()),
                    "no overlay of this engine is left mounted");
            assertTrue(first.runc.list().isEmpty(), "runc knows no container of this engine");
            // The old engine's exit watcher sees the kill too; give it a moment before tearing down.
            before.waitFor(running, WaitCondition.NOT_RUNNING).get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean isSleep(int pid) {
        try {
            String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
            return cmd.startsWith("sleep");
        } catch (Exception e) {
            return false;
        }
    }
}
