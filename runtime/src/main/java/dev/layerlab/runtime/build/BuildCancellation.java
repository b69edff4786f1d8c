package dev.layerlab.runtime.build;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stops a build from outside while it runs: its client left, or it ran out of time. The builder
 * checks it before every step, and a running RUN is killed the moment it is cancelled, even if the RUN
 * prints nothing. The first reason given is the one the build fails with.
 */
public final class BuildCancellation {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /** Cancels the build with {@code why} (the build's error message); later calls change nothing. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
        }
        listeners.forEach(Runnable::run);
    }

    public boolean cancelled() {
        return reason != null;
    }

    /** Why it was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Runs {@code action} once the build is cancelled (at once if it already is); close the handle to stop watching. */
    AutoCloseable whenCancelled(Runnable action) {
        listeners.add(action);
        if (cancelled()) {
            action.run();
        }
        return () -> listeners.remove(action);
    }

    /** Fails the build if it was cancelled. */
    void throwIfCancelled() {
        String why = reason;
        if (why != null) {
            throw new BuildFailedException(why);
        }
    }
}
