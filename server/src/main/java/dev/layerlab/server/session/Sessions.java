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
 * if {@link Admission} lets their address have one, keeps it while active, and loses it after
 * {@code idleTimeout} without activity (a page request or terminal input); their progress stays.
 * Learners are saved as they change, so progress survives a server restart (sandboxes do not: a
 * returning learner gets a fresh one). Only learners with a sandbox or something saved are kept in
 * memory: a visitor who only reads pages, or whose sandbox was refused, leaves nothing behind.
 */
public final class Sessions implements AutoCloseable {
    public static final String COOKIE = "layerlab_session";
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    private final LearnerStore store;
    private final WarmPool pool;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Learner> learners = new ConcurrentHashMap<>();
    private final Admission admission;
    private final Thread reaper;

    public Sessions(java.nio.file.Path dir, WarmPool pool, Duration idleTimeout, Clock clock) throws IOException {
        this(dir, pool, new Admission(0, 0, clock), idleTimeout, clock);
    }

    public Sessions(java.nio.file.Path dir, WarmPool pool, Admission admission, Duration idleTimeout, Clock clock)
            throws IOException {
        this.store = new LearnerStore(dir);
        this.pool = pool;
        this.admission = admission;
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

    /** A fresh cookie value: an ID no learner has, which becomes one only when that learner needs keeping. */
    public static String newId() {
        return LearnerIds.next();
    }

    /** Whether {@code value} has the form of a learner ID (the cookie's value). */
    public static boolean isLearnerId(String value) {
        return LearnerIds.isValid(value);
    }

    /** How many learners are held in memory. */
    public int size() {
        return learners.size();
    }

    /**
     * A new learner speaking {@code language}, not kept anywhere yet: kept in memory once it gets a sandbox,
     * saved to disk once there is something to keep (a passed step, a language choice), so requests without
     * a cookie (bots, scripts) leave nothing behind.
     */
    public Learner create(String language) {
        return new Learner(LearnerIds.next(), language, Map.of());
    }

    /**
     * The learner of cookie value {@code id}: the known one, or a new one under that ID (the cookie a page
     * handed out), not kept until it gets a sandbox or saves something.
     */
    public Learner learner(String id, String language) {
        if (!LearnerIds.isValid(id)) {
            throw new IllegalArgumentException("not a learner ID");
        }
        Learner known = learners.get(id);
        return known != null ? known : new Learner(id, language, Map.of());
    }

    /**
     * The learner's sandbox, taken from the pool if they have none (or theirs was reaped), when
     * {@code clientAddress} may have another ({@link Admission.RefusedException} otherwise).
     */
    public String sandboxOf(Learner learner, String clientAddress) throws IOException {
        Learner l = learners.computeIfAbsent(learner.id(), id -> learner); // two first requests share one learner
        touch(l);
        synchronized (l) {
            if (l.sandboxId() == null) {
                try {
                    admission.admit(clientAddress);
                } catch (RuntimeException e) {
                    forgetIfNothingToKeep(l);
                    throw e;
                }
                String id;
                try {
                    id = pool.take();
                } catch (IOException | RuntimeException e) {
                    admission.failed(clientAddress);
                    forgetIfNothingToKeep(l);
                    throw e;
                }
                admission.taken(clientAddress, id);
                l.sandboxId(id);
                learners.putIfAbsent(l.id(), l);
            }
            return l.sandboxId();
        }
    }

    /** A learner without a sandbox or a saved file is not held: it costs memory and gives nothing back. */
    private void forgetIfNothingToKeep(Learner l) {
        synchronized (l) {
            if (l.sandboxId() == null && !l.saved()) {
                learners.remove(l.id(), l);
            }
        }
    }

    /** The sandbox the learner has now, without making one. */
    public Optional<String> currentSandbox(Learner learner) {
        return Optional.ofNullable(learner.sandboxId());
    }

    /** Activity: the idle clock starts again. */
    public void touch(Learner learner) {
        kept(learner).seen(clock.instant());
    }

    /** The object kept for this learner's ID if there is one (two first requests may each have made one). */
    private Learner kept(Learner learner) {
        return learners.getOrDefault(learner.id(), learner);
    }

    public void language(Learner given, String language) {
        Learner learner = kept(given);
        learner.language(language);
        save(learner);
        learners.putIfAbsent(learner.id(), learner);
    }

    /** Records a passed step; true if it was not passed before. */
    public boolean passed(Learner given, String lessonId, String stepId) {
        Learner learner = kept(given);
        boolean added = learner.markPassed(lessonId, stepId);
        if (added) {
            save(learner);
            learners.putIfAbsent(learner.id(), learner);
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
                admission.released(released);
                pool.release(released);
            }
            forgetIfNothingToKeep(l);
        }
    }

    private void save(Learner l) {
        try {
            store.save(l);
            l.markSaved();
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
                admission.released(id);
                pool.release(id);
            }
        }
        pool.close();
    }
}
