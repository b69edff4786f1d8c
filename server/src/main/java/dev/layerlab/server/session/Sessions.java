package dev.layerlab.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learners and their sandboxes: a learner (a cookie) gets a sandbox from the warm pool on first need,
 * keeps it while active, and loses it after {@code idleTimeout} without activity (a page request or
 * terminal input); their progress stays. Learners are saved as they change, so progress survives a
 * server restart (sandboxes do not: a returning learner gets a fresh one).
 */
public final class Sessions implements AutoCloseable {
    public static final String COOKIE = "layerlab_session";
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    private final LearnerStore store;
    private final WarmPool pool;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Learner> learners = new ConcurrentHashMap<>();
    private final Thread reaper;

    public Sessions(java.nio.file.Path dir, WarmPool pool, Duration idleTimeout, Clock clock) throws IOException {
        this.store = new LearnerStore(dir);
        this.pool = pool;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        learners.putAll(store.loadAll());
        long period = Math.max(1, Math.min(30, idleTimeout.toSeconds() / 4));
        reaper = Thread.ofVirtual().name("idle-reaper").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(Duration.ofSeconds(period));
                    reapIdle();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "reaping idle sandboxes failed", e);
                }
            }
        });
    }

    /** The learner of this cookie value, if it names one. */
    public Optional<Learner> find(String cookie) {
        return LearnerIds.isValid(cookie) ? Optional.ofNullable(learners.get(cookie)) : Optional.empty();
    }

    /**
     * A new learner speaking {@code language}. Saved to disk only once there is something to keep (a passed
     * step, a language choice), so requests without a cookie (bots, scripts) leave no files behind.
     */
    public Learner create(String language) {
        Learner l = new Learner(LearnerIds.next(), language, Map.of());
        learners.put(l.id(), l);
        return l;
    }

    /** The learner's sandbox, taken from the pool if they have none (or theirs was reaped). */
    public String sandboxOf(Learner learner) throws IOException {
        touch(learner);
        synchronized (learner) {
            if (learner.sandboxId() == null) {
                learner.sandboxId(pool.take());
            }
            return learner.sandboxId();
        }
    }

    /** The sandbox the learner has now, without making one. */
    public Optional<String> currentSandbox(Learner learner) {
        return Optional.ofNullable(learner.sandboxId());
    }

    /** Activity: the idle clock starts again. */
    public void touch(Learner learner) {
        learner.seen(clock.instant());
    }

    public void language(Learner learner, String language) {
        learner.language(language);
        save(learner);
    }

    /** Records a passed step; true if it was not passed before. */
    public boolean passed(Learner learner, String lessonId, String stepId) {
        boolean added = learner.markPassed(lessonId, stepId);
        if (added) {
            save(learner);
        }
        return added;
    }

    /** Time left before the learner's sandbox is removed for idleness. */
    public Duration remaining(Learner learner) {
        Duration left = Duration.between(clock.instant(), learner.lastSeen().plus(idleTimeout));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** When a sandbox is likely to free up: the soonest idle expiry among those in use (at least a minute). */
    public Duration untilOneFrees() {
        Instant now = clock.instant();
        return learners.values().stream().filter(l -> l.sandboxId() != null)
                .map(l -> Duration.between(now, l.lastSeen().plus(idleTimeout)))
                .min(Duration::compareTo).filter(d -> d.toMinutes() >= 1).orElse(Duration.ofMinutes(1));
    }

    /** Removes the sandboxes of learners idle for longer than the timeout. */
    public void reapIdle() {
        Instant now = clock.instant();
        for (Learner l : List.copyOf(learners.values())) {
            String released = null;
            synchronized (l) {
                if (l.sandboxId() != null && l.lastSeen().plus(idleTimeout).isBefore(now)) {
                    released = l.sandboxId();
                    l.sandboxId(null);
                }
            }
            if (released != null) {
                pool.release(released);
            }
        }
    }

    private void save(Learner l) {
        try {
            store.save(l);
        } catch (IOException e) {
            throw new UncheckedIOException("saving learner progress failed", e);
        }
    }

    /** Stops reaping and removes every sandbox (in use or warm); learners and their progress stay on disk. */
    @Override
    public void close() {
        reaper.interrupt();
        for (Learner l : learners.values()) {
            String id;
            synchronized (l) {
                id = l.sandboxId();
                l.sandboxId(null);
            }
            if (id != null) {
                pool.release(id);
            }
        }
        pool.close();
    }
}
