package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.stdio.ContainerLog;
import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.StreamType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ContainerLifecycleTest {
    static EngineFixture engine;
    static ContainerService containers;

    @BeforeAll
    static void setUp() throws Exception {
        engine = new EngineFixture();
        containers = engine.containers;
    }

    @AfterAll
    static void tearDown() throws Exception {
        engine.close();
    }

    private static int run(ContainerConfig config) throws Exception {
        ContainerRecord c = containers.create(null, config);
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        return exit.get(20, TimeUnit.SECONDS);
    }

    private static String logsOf(String id) throws Exception {
        return ContainerLog.text(containers.store().get(id).log().read(-1));
    }

    /**
     * A freeze holds a container's monitor and then asks the store for it (to pause it), while an unpause
     * by name holds the store and reads each container's record: reading a record must not wait for the
     * container's monitor, or the two deadlock (seen in CopyRaceAttackTest).
     */
    @Test
    void the_store_finds_a_container_by_name_while_another_thread_holds_its_monitor() throws Exception {
        ContainerRecord c = containers.create("held-by-name", ContainerConfig.builder("busybox").cmd("true").build());
        Container held = containers.store().get(c.id());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (held) {
                holding.countDown();
                try {
                    done.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            assertTrue(holding.await(5, TimeUnit.SECONDS));
            var found = java.util.concurrent.CompletableFuture.supplyAsync(() -> containers.store().get("held-by-name"));
            assertSame(held, found.get(5, TimeUnit.SECONDS), "a lookup by name waited for the container's monitor");
        } finally {
            done.countDown();
            holder.join();
            containers.remove(c.id(), true);
        }
    }

    @Test
    void a_command_runs_and_its_exit_code_and_output_are_kept() throws Exception {
        ContainerRecord c = containers.create("exit-three", ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "echo out; echo err >&2; exit 3").build());
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        assertTrue(containers.start("exit-three"));
        assertEquals(3, exit.get(20, TimeUnit.SECONDS));
        ContainerRecord after = containers.inspect("exit-three");
        assertEquals(Status.EXITED, after.state().status());
        assertEquals(3, after.state().exitCode());
        var entries = containers.store().get(c.id()).log().read(-1);
        assertEquals("out\n", new String(entries.stream().filter(e -> e.stream() == StreamType.STDOUT)
                .findFirst().orElseThrow().data(), StandardCharsets.UTF_8));
        assertEquals("err\n", new String(entries.stream().filter(e -> e.stream() == StreamType.STDERR)
                .findFirst().orElseThrow().data(), StandardCharsets.UTF_8));
    }

    @Test
    void entrypoint_env_workdir_user_and_hostname_follow_docker() throws Exception {
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "echo $FROM_IMAGE $MINE $HOME; pwd; id; hostname")
                .env(List.of("MINE=2")).workingDir("/work/dir").user("app").build());
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        assertEquals(0, exit.get(20, TimeUnit.SECONDS));
        String out = logsOf(c.id());
        assertTrue(out.contains("1 2 /home/app\n"), out);
        assertTrue(out.contains("/work/dir\n"), out);
        assertTrue(out.contains("uid=1000(app) gid=1000(app) groups=50(staff)"), out);
        assertTrue(out.contains(c.id().substring(0, 12) + "\n"), out);
    }

    @Test
    void an_unknown_user_or_command_fails_the_start_with_dockers_message() throws Exception {
        ContainerRecord bad = containers.create(null, ContainerConfig.builder("busybox").user("ghost").cmd("true").build());
        var e = assertThrows(EngineException.class, () -> containers.start(bad.id()));
        assertTrue(e.getMessage().contains("unable to find user ghost"), e.getMessage());
        assertEquals(Status.CREATED, containers.inspect(bad.id()).state().status());

        ContainerRecord missing = containers.create(null, ContainerConfig.builder("busybox").cmd("nosuchcmd").build());
        var e2 = assertThrows(EngineException.class, () -> containers.start(missing.id()));
        assertTrue(e2.getMessage().contains("executable file not found"), e2.getMessage());
        assertEquals(127, containers.inspect(missing.id()).state().exitCode());
    }

    @Test
    void stop_sends_sigterm_then_sigkill_after_the_timeout() throws Exception {
        // sleep as pid 1 has no TERM handler, so only SIGKILL ends it: 137.
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox").cmd("sleep", "300").build());
        containers.start(c.id());
        long t0 = System.nanoTime();
        assertTrue(containers.stop(c.id(), 1));
        assertTrue(System.nanoTime() - t0 >= 900_000_000L);
        assertEquals(137, containers.inspect(c.id()).state().exitCode());
        assertFalse(containers.stop(c.id(), 1), "stopping a stopped container is a no-op");

        // A shell that traps TERM exits with its own code, before the timeout.
        ContainerRecord t = containers.create(null, ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done").build());
        containers.start(t.id());
        Thread.sleep(300);
        containers.stop(t.id(), 10);
        assertEquals(42, containers.inspect(t.id()).state().exitCode());
    }

    @Test
    void kill_pause_unpause_restart_and_illegal_moves() throws Exception {
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox").cmd("sleep", "300").build());
        var illegal = assertThrows(ConflictException.class, () -> containers.unpause(c.id()));
        assertTrue(illegal.getMessage().contains("not paused"));
        containers.start(c.id());
        containers.pause(c.id());
        assertEquals(Status.PAUSED, containers.inspect(c.id()).state().status());
        var twice = assertThrows(ConflictException.class, () -> containers.pause(c.id()));
        assertTrue(twice.getMessage().contains("invalid state transition from paused to paused"), twice.getMessage());
        containers.unpause(c.id());
        assertEquals(Status.RUNNING, containers.inspect(c.id()).state().status());
        int firstPid = containers.inspect(c.id()).state().pid();
        containers.restart(c.id(), 0);
        assertEquals(Status.RUNNING, containers.inspect(c.id()).state().status());
        assertNotEquals(firstPid, containers.inspect(c.id()).state().pid());
        assertThrows(ConflictException.class, () -> containers.remove(c.id(), false));
        var exit = containers.waitFor(c.id(), WaitCondition.NOT_RUNNING);
        containers.kill(c.id(), "KILL");
        assertEquals(137, exit.get(10, TimeUnit.SECONDS));
        assertThrows(ConflictException.class, () -> containers.kill(c.id(), "TERM"));
        var removed = containers.waitFor(c.id(), WaitCondition.REMOVED);
        containers.remove(c.id(), false);
        assertEquals(137, removed.get(5, TimeUnit.SECONDS));
        assertThrows(dev.layerlab.runtime.error.NotFoundException.class, () -> containers.inspect(c.id()));
    }

    @Test
    void a_name_in_use_is_a_conflict() throws Exception {
        containers.create("twin", ContainerConfig.builder("busybox").cmd("true").build());
        var e = assertThrows(ConflictException.class,
                () -> containers.create("twin", ContainerConfig.builder("busybox").cmd("true").build()));
        assertTrue(e.getMessage().contains("is already in use"));
    }

    @Test
    void stdin_reaches_the_process_and_several_attachers_see_the_output() throws Exception {
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox").cmd("cat")
                .openStdin(true).stdinOnce(true).build());
        Collector a = new Collector();
        Collector b = new Collector();
        Attachment first = containers.attach(c.id(), EnumSet.of(StreamType.STDOUT, StreamType.STDERR), a);
        containers.attach(c.id(), EnumSet.of(StreamType.STDOUT), b);
        first.writeStdin("typed before start\n".getBytes(), 19);
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        first.writeStdin("and after\n".getBytes(), 10);
        first.closeStdin();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertTrue(a.ended.await(5, TimeUnit.SECONDS));
        assertEquals("typed before start\nand after\n", a.text());
        assertEquals(a.text(), b.text());
    }

    @Test
    void a_tty_container_gets_a_terminal_of_the_asked_size() throws Exception {
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "tty; stty size").tty(true).build());
        Collector out = new Collector();
        containers.attach(c.id(), EnumSet.of(StreamType.STDOUT), out);
        containers.resize(c.id(), 33, 101); // before start: applied when the terminal exists
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        out.ended.await(5, TimeUnit.SECONDS);
        assertTrue(out.text().contains("/dev/pts/0"), out.text());
        assertTrue(out.text().contains("33 101"), out.text());
    }

    @Test
    void a_running_terminal_is_resized_live() throws Exception {
        ContainerRecord c = containers.create(null, ContainerConfig.builder("busybox").cmd("sh").tty(true)
                .openStdin(true).build());
        Collector out = new Collector();
        Attachment a = containers.attach(c.id(), EnumSet.of(StreamType.STDOUT), out);
        var exit = containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        containers.start(c.id());
        containers.resize(c.id(), 40, 120);
        byte[] cmd = "stty size; exit 0\n".getBytes();
        a.writeStdin(cmd, cmd.length);
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        out.ended.await(5, TimeUnit.SECONDS);
        assertTrue(out.text().contains("40 120"), out.text());
    }

    static final class Collector implements OutputSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final java.util.Map<StreamType, ByteArrayOutputStream> byStream = new java.util.EnumMap<>(StreamType.class);
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public synchronized void write(StreamType stream, byte[] data, int length) {
            bytes.write(data, 0, length);
            byStream.computeIfAbsent(stream, k -> new ByteArrayOutputStream()).write(data, 0, length);
        }

        /** One stream's output alone: the order between two streams (two pipes) is not kept. */
        synchronized String text(StreamType stream) {
            ByteArrayOutputStream b = byStream.get(stream);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void end() {
            ended.countDown();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
