package dev.layerlab.runtime.container;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Docker's rules for probe results, start periods and healthcheck settings, without containers. */
class HealthTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static Health.Result result(int code) {
        return new Health.Result(T, T, code, "");
    }

    @Test
    void failures_within_the_start_period_do_not_count_until_the_first_success() {
        Health h = Health.starting().after(result(1), 1, true);
        assertEquals(Health.STARTING, h.status());
        assertEquals(0, h.failingStreak());
        h = h.after(result(0), 1, true);
        assertEquals(Health.HEALTHY, h.status());
        h = h.after(result(1), 1, true); // healthy once: the start period no longer shields it
        assertEquals(Health.UNHEALTHY, h.status());
        assertEquals(1, h.failingStreak());
    }

    @Test
    void retries_failures_in_a_row_make_it_unhealthy_and_the_log_keeps_five() {
        Health h = Health.starting();
        for (int i = 0; i < 2; i++) {
            h = h.after(result(2), 3, false);
        }
        assertEquals(Health.STARTING, h.status());
        h = h.after(result(2), 3, false);
        assertEquals(Health.UNHEALTHY, h.status());
        for (int i = 0; i < 4; i++) {
            h = h.after(result(i), 3, false);
        }
        assertEquals(5, h.log().size());
        assertEquals(List.of(2, 0, 1, 2, 3), h.log().stream().map(Health.Result::exitCode).toList());
        assertEquals(Health.STARTING, h.restarted().status());
        assertEquals(5, h.restarted().log().size());
    }

    @Test
    void settings_take_dockers_defaults_and_the_interval_floor() {
        Healthchecks.Settings s = Healthchecks.Settings.of(Map.of("Test", List.of("CMD-SHELL", "curl -f x"),
                "Interval", 1_000_000L, "Retries", 0));
        assertEquals(List.of("/bin/sh", "-c", "curl -f x"), s.argv());
        assertEquals(Healthchecks.MIN_INTERVAL, s.interval());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertEquals(Duration.ZERO, s.startPeriod());
        assertEquals(3, s.retries());
        assertEquals(List.of("true"), Healthchecks.Settings.of(Map.of("Test", List.of("CMD", "true"))).argv());
        assertNull(Healthchecks.Settings.of(Map.of("Test", List.of("NONE"))));
        assertNull(Healthchecks.Settings.of(null));
    }

    @Test
    void durations_read_as_go_writes_them() {
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("100ms", GoDuration.format(Duration.ofMillis(100)));
        assertEquals("1m30s", GoDuration.format(Duration.ofSeconds(90)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
    }
}
