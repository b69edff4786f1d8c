package dev.layerlab.server.session;

import dev.layerlab.runtime.error.ConflictException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Who may get a new sandbox, by client address: at most {@code perMinute} new sandboxes a minute and
 * {@code livePerAddress} at once (a classroom behind one NAT address needs room for every learner), so
 * no one client can fill the server by sending requests without cookies. 0 means "no limit".
 */
public final class Admission {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /** A client asked for more sandboxes than its address may have; says when to try again. */
    public static final class RefusedException extends ConflictException {
        private final long retryAfterSeconds;

        RefusedException(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final int perMinute;
    private final int livePerAddress;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();
    private final Map<String, Integer> pending = new HashMap<>();
    private final Map<String, String> owners = new HashMap<>(); // sandbox id -> the address that got it

    public Admission(int perMinute, int livePerAddress, Clock clock) {
        if (perMinute < 0 || livePerAddress < 0) {
            throw new IllegalArgumentException("sandboxes per address (a minute, at once) are >= 0");
        }
        this.perMinute = perMinute;
        this.livePerAddress = livePerAddress;
        this.clock = clock;
    }

    /** Admits one new sandbox for {@code address}, or refuses; follow with {@link #taken} or {@link #failed}. */
    public synchronized void admit(String address) {
        Instant now = clock.instant();
        forgetBefore(now.minus(WINDOW));
        Deque<Instant> starts = recent.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (perMinute > 0 && starts.size() >= perMinute) {
            long wait = Math.max(1, Duration.between(now, starts.peekFirst().plus(WINDOW)).toSeconds());
            throw new RefusedException("too many new sandboxes from your address (" + perMinute
                    + " a minute at most): please try again in " + wait + " seconds", wait);
        }
        long live = owners.values().stream().filter(address::equals).count() + pending.getOrDefault(address, 0);
        if (livePerAddress > 0 && live >= livePerAddress) {
            throw new RefusedException("your address already has " + livePerAddress + " sandboxes, its limit:"
                    + " one is freed when its learner has been away for the idle time", 60);
        }
        starts.addLast(now);
        pending.merge(address, 1, Integer::sum);
    }

    /** The admitted sandbox was made: it counts for {@code address} until {@link #released}. */
    public synchronized void taken(String address, String sandboxId) {
        pending.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        owners.put(sandboxId, address);
    }

    /** The admitted sandbox could not be made: it counts for nothing. */
    public synchronized void failed(String address) {
        pending.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
        Deque<Instant> starts = recent.get(address);
        if (starts != null && !starts.isEmpty()) {
            starts.removeLast();
        }
    }

    public synchronized void released(String sandboxId) {
        owners.remove(sandboxId);
    }

    /** Addresses with a start in the last minute (each holds at most {@code perMinute} times). */
    synchronized int addressesRemembered() {
        forgetBefore(clock.instant().minus(WINDOW));
        return recent.size();
    }

    private void forgetBefore(Instant cutoff) {
        for (Iterator<Deque<Instant>> it = recent.values().iterator(); it.hasNext(); ) {
            Deque<Instant> starts = it.next();
            while (!starts.isEmpty() && !starts.peekFirst().isAfter(cutoff)) {
                starts.removeFirst();
            }
            if (starts.isEmpty()) {
                it.remove();
            }
        }
    }
}
