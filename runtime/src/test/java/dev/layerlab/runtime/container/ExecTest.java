package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.stdio.StreamType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ExecTest {
    static EngineFixture engine;
    static ExecService execs;
    static String running;

    @BeforeAll
    static void setUp() throws Exception {
        engine = new EngineFixture();
        execs = new ExecService(engine.containers.store(), engine.runc, engine.snapshots, Limits.DEFAULT.openFiles());
        running = engine.containers.create("host", ContainerConfig.builder("busybox").cmd("sleep", "300")
                .env(List.of("FROM_CONTAINER=yes")).build()).id();
        engine.containers.start(running);
    }

    @AfterAll
    static void tearDown() throws Exception {
        engine.close();
    }

    @Test
    void exec_runs_in_the_container_with_its_env_and_returns_the_exit_code() throws Exception {
        var out = new ContainerLifecycleTest.Collector();
        ExecSession s = execs.create("host", new ExecConfig(List.of("sh", "-c",
                "echo $FROM_CONTAINER $EXTRA; hostname; id -u; echo oops >&2; exit 5"),
                List.of("EXTRA=1"), "app", "/tmp", false, false, true, true));
        execs.start(s.id(), out);
        assertEquals(5, s.exit().get(10, TimeUnit.SECONDS));
        assertTrue(out.ended.await(5, TimeUnit.SECONDS));
        assertEquals("yes 1\n" + running.substring(0, 12) + "\n1000\n", out.text(StreamType.STDOUT));
        assertEquals("oops\n", out.text(StreamType.STDERR));
        assertEquals(5, execs.get(s.id()).exitCode());
        assertThrows(ConflictException.class, () -> execs.start(s.id(), null), "an exec runs once");
    }

    @Test
    void exec_with_stdin_and_with_a_terminal() throws Exception {
        var out = new ContainerLifecycleTest.Collector();
        ExecSession s = execs.create("host", new ExecConfig(List.of("cat"), List.of(), "", "", false, true, true, true));
        execs.start(s.id(), out);
        s.writeStdin("piped\n".getBytes(), 6);
        s.closeStdin();
        assertEquals(0, s.exit().get(10, TimeUnit.SECONDS));
        assertEquals("piped\n", out.text());

        var tty = new ContainerLifecycleTest.Collector();
        ExecSession t = execs.create("host", new ExecConfig(List.of("sh"), List.of(), "", "", true, true, true, false));
        t.resize(20, 90);
        execs.start(t.id(), tty);
        t.writeStdin("stty size; exit 7\n".getBytes(), 18);
        assertEquals(7, t.exit().get(10, TimeUnit.SECONDS));
        assertTrue(tty.text().contains("20 90"), tty.text());
    }

    @Test
    void exec_into_a_stopped_container_or_a_missing_command_fails_clearly() throws Exception {
        String stopped = engine.containers.create(null, ContainerConfig.builder("busybox").cmd("true").build()).id();
        var e = assertThrows(ConflictException.class, () -> execs.create(stopped, ExecConfig.of("true")));
        assertTrue(e.getMessage().contains("is not running"));
        ExecSession s = execs.create("host", ExecConfig.of("no-such-binary"));
        var err = assertThrows(RuntimeException.class, () -> execs.start(s.id(), null));
        assertTrue(err.getMessage().contains("executable file not found"), err.getMessage());
        assertEquals(127, s.exit().get(1, TimeUnit.SECONDS));
        assertEquals(StreamType.STDOUT.code, 1);
    }

    /** A clock the test moves: never-started execs expire by it. */
    static final class MovableClock extends java.time.Clock {
        volatile java.time.Instant now = java.time.Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void execs_never_started_are_bounded_in_number_and_forgotten_after_five_minutes() throws Exception {
        MovableClock clock = new MovableClock();
        ExecService bounded = new ExecService(engine.containers.store(), engine.runc, engine.snapshots, 3, clock, Limits.DEFAULT.openFiles());
        String bigEnv = "E=" + "x".repeat(100_000);
        ExecConfig idle = new ExecConfig(List.of("true"), List.of(bigEnv), "", "", false, false, true, true);
        ExecSession first = bounded.create("host", idle);
        bounded.create("host", idle);
        bounded.create("host", idle);
        ConflictException full = assertThrows(ConflictException.class, () -> bounded.create("host", idle));
        assertTrue(full.getMessage().contains("3 execs"), full.getMessage());

        clock.now = clock.now.plus(ExecService.NEVER_STARTED_TTL).plusSeconds(1);
        assertThrows(dev.layerlab.runtime.error.NotFoundException.class, () -> bounded.get(first.id()),
                "a never-started exec is gone after its time");
        ExecSession fresh = bounded.create("host", idle);
        assertEquals(1, bounded.size(), "the expired ones and their environments are no longer held");
        var out = new ContainerLifecycleTest.Collector();
        bounded.start(fresh.id(), out);
        assertEquals(0, fresh.exit().get(10, TimeUnit.SECONDS));
    }
}
