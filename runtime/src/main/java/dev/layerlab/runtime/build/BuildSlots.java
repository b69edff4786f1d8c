package dev.layerlab.runtime.build;

import dev.layerlab.runtime.error.ConflictException;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * How many builds one space may run at once and how long each may take: a build beyond the count is
 * refused before it reads its context, and a build past its time is cancelled (its RUN killed).
 */
public final class BuildSlots {
    private final int max;
    private final Duration timeout;
    private final Semaphore free;

    /** {@code max} builds at once and {@code timeout} each; 0 and {@link Duration#ZERO} mean no limit. */
    public BuildSlots(int max, Duration timeout) {
        this.max = max;
        this.timeout = timeout;
        this.free = max > 0 ? new Semaphore(max) : null;
    }

    /** Takes a slot for a build that {@code cancellation} stops when its time is up; close it when the build ends. */
    public Slot open(BuildCancellation cancellation) {
        if (free != null && !free.tryAcquire()) {
            throw new ConflictException("this sandbox already runs " + max + " builds, its limit:"
                    + " wait for one to finish");
        }
        Thread timer = null;
        if (!timeout.isZero()) {
            timer = Thread.ofVirtual().name("build-timeout").start(() -> {
                try {
                    Thread.sleep(timeout);
                    cancellation.cancel("the build ran longer than " + describe(timeout)
                            + ", this playground's limit, and was stopped");
                } catch (InterruptedException e) {
                    // the build ended in time
                }
            });
        }
        return new Slot(timer);
    }

    static String describe(Duration d) {
        if (d.toSeconds() % 60 != 0 || d.toMinutes() == 0) {
            return d.toSeconds() + (d.toSeconds() == 1 ? " second" : " seconds");
        }
        return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }

    /** One running build's place. */
    public final class Slot implements AutoCloseable {
        private final Thread timer;
        private boolean closed;

        private Slot(Thread timer) {
            this.timer = timer;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.interrupt();
            }
            if (free != null) {
                free.release();
            }
        }
    }
}
