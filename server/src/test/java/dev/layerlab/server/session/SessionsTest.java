package dev.layerlab.server.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.*;

/** Learners, progress on disk, and idle reaping, with a clock the test moves. */
class SessionsTest {
    @TempDir
    Path dir;

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void progress_and_language_survive_a_restart_but_the_sandbox_does_not() throws Exception {
        MovableClock clock = new MovableClock();
        WarmPoolTest.Counting f = new WarmPoolTest.Counting();
        String id;
        try (Sessions s = new Sessions(dir, new WarmPool(f, 0, 5), Duration.ofMinutes(30), clock)) {
            Learner l = s.create("ko");
            id = l.id();
            assertEquals("sb1", s.sandboxOf(l, "127.0.0.1"));
            assertEquals("sb1", s.sandboxOf(l, "127.0.0.1"), "the same sandbox while in use");
            assertTrue(s.passed(l, "basics", "run"));
            assertFalse(s.passed(l, "basics", "run"));
            s.language(l, "en");
        }
        try (Sessions again = new Sessions(dir, new WarmPool(f, 0, 5), Duration.ofMinutes(30), clock)) {
            Learner l = again.find(id).orElseThrow();
            assertEquals("en", l.language());
            assertEquals(java.util.Set.of("run"), l.passed("basics"));
            assertTrue(again.currentSandbox(l).isEmpty());
        }
    }

    @Test
    void an_idle_learner_loses_the_sandbox_and_gets_a_new_one_later() throws Exception {
        MovableClock clock = new MovableClock();
        WarmPoolTest.Counting f = new WarmPoolTest.Counting();
        try (Sessions s = new Sessions(dir, new WarmPool(f, 0, 5), Duration.ofMinutes(30), clock)) {
            Learner l = s.create("en");
            String first = s.sandboxOf(l, "127.0.0.1");
            clock.now = clock.now.plus(Duration.ofMinutes(25));
            assertEquals(Duration.ofMinutes(5), s.remaining(l));
            s.reapIdle();
            assertEquals(first, s.currentSandbox(l).orElseThrow(), "not idle long enough yet");
            clock.now = clock.now.plus(Duration.ofMinutes(6));
            s.reapIdle();
            assertTrue(s.currentSandbox(l).isEmpty());
            assertEquals(java.util.List.of(first), f.deleted);
            assertNotEquals(first, s.sandboxOf(l, "127.0.0.1"));
        }
    }

    @Test
    void cookies_that_are_not_ids_find_nobody() throws Exception {
        try (Sessions s = new Sessions(dir, new WarmPool(new WarmPoolTest.Counting(), 0, 1), Duration.ofMinutes(1),
                Clock.systemUTC())) {
            assertTrue(s.find("../../etc/passwd").isEmpty());
            assertTrue(s.find("0123456789abcdef0123456789abcdef").isEmpty());
            assertTrue(s.find(null).isEmpty());
        }
    }

    @Test
    void a_visitor_with_nothing_to_keep_leaves_no_file() throws Exception {
        try (Sessions s = new Sessions(dir, new WarmPool(new WarmPoolTest.Counting(), 0, 1), Duration.ofMinutes(1),
                Clock.systemUTC())) {
            s.create("en");
            Learner keeps = s.create("en");
            s.passed(keeps, "basics", "run");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(1, files.count(), "only the learner with progress is saved");
        }
    }
}
