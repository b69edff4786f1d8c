package dev.layerlab.runtime.container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health as Docker's {@code State.Health} shows it: its status, how many probes in a row failed and
 * the last {@link #MAX_LOG} probes' results. Values: each probe makes a new one ({@link #after}).
 */
public record Health(String status, int failingStreak, List<Result> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    /** Docker keeps the last five results. */
    static final int MAX_LOG = 5;

    /** One probe: its exit code (-1 when it could not run or passed its timeout) and up to 4096 bytes of output. */
    public record Result(Instant start, Instant end, int exitCode, String output) {
    }

    public Health {
        log = List.copyOf(log);
    }

    static Health starting() {
        return new Health(STARTING, 0, List.of());
    }

    /** A new start (or restart) of the container: starting again, the log kept, as Docker does. */
    Health restarted() {
        return new Health(STARTING, 0, log);
    }

    /**
     * Docker's handling of a probe's result: exit 0 is healthy and ends the streak; anything else adds to the
     * streak, unless the container is still starting within its start period, and {@code retries} failures in a
     * row make it unhealthy.
     */
    Health after(Result result, int retries, boolean withinStartPeriod) {
        List<Result> kept = new ArrayList<>(log);
        kept.add(result);
        while (kept.size() > MAX_LOG) {
            kept.removeFirst();
        }
        if (result.exitCode() == 0) {
            return new Health(HEALTHY, 0, kept);
        }
        if (status.equals(STARTING) && withinStartPeriod) {
            return new Health(status, failingStreak, kept);
        }
        int streak = failingStreak + 1;
        return new Health(streak >= retries ? UNHEALTHY : status, streak, kept);
    }
}
