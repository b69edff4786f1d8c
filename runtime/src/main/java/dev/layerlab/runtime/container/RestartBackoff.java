package dev.layerlab.runtime.container;

import java.time.Duration;

/**
 * Docker's restart manager for one container: the wait before the next restart (100 ms, doubling
 * up to a minute, back to 100 ms after a run of 10 s or more) and whether the next exit may restart at
 * all. A crash-looping container thus costs at most one start per back-off. Guarded by its
 * container's monitor; it lives only while the engine does.
 */
final class RestartBackoff {
    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 60_000;
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    private long delayMillis;
    private boolean cancelled;
    /** Changes whenever a scheduled restart must no longer happen (stop, kill, a start by the user). */
    private int generation;

    /** The user stopped or killed it: its next exit is final (Docker's ExitOnNext). */
    void cancel() {
        cancelled = true;
        generation++;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** A start by the user: the policy applies again, with the back-off from its beginning. */
    void reset() {
        cancelled = false;
        delayMillis = 0;
        generation++;
    }

    int generation() {
        return generation;
    }

    /** The wait before restarting after a run that lasted {@code ran}. */
    long nextDelayMillis(Duration ran) {
        if (ran.compareTo(RESET_AFTER) >= 0) {
            delayMillis = 0;
        }
        delayMillis = delayMillis == 0 ? FIRST_MILLIS : Math.min(MAX_MILLIS, delayMillis * 2);
        return delayMillis;
    }
}
