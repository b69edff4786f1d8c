package dev.layerlab.runtime.events;

import dev.layerlab.runtime.error.ConflictException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What changes in one space, as {@link Event}s: the engine publishes where each change happens, and
 * subscribers ({@code docker events}, the pages) read them. Publishing never waits: it appends to a ring of
 * the last {@value #RECENT} events (Docker keeps as many, for {@code --since}) and offers the event to each
 * subscriber's queue of at most {@value #QUEUE} (dockerd's buffer per subscriber); a subscriber whose queue is
 * full is ended ({@link Subscription.End#FELL_BEHIND}) rather than let the engine wait or memory grow. At most
 * {@value #MAX_SUBSCRIBERS} subscribers at once. Thread-safe; the work under the lock is a few list operations.
 */
public final class EventFeed {
    public static final int RECENT = 256;
    public static final int QUEUE = 1024;
    public static final int MAX_SUBSCRIBERS = 16;

    private final Clock clock;
    private final int queueCapacity;
    private final ArrayDeque<Event> recent = new ArrayDeque<>(RECENT);
    private final List<Subscription> subscribers = new ArrayList<>();
    private long lastNano;
    private boolean closed;

    public EventFeed() {
        this(Clock.systemUTC(), QUEUE);
    }

    /** {@code queueCapacity}: events a subscriber may have waiting before it is ended (tests make it small). */
    public EventFeed(Clock clock, int queueCapacity) {
        this.clock = clock;
        this.queueCapacity = queueCapacity;
    }

    /** Publishes an event stamped now; never blocks on a subscriber. */
    public Event publish(String type, String action, String actorId, Map<String, String> attributes) {
        List<Subscription> behind = List.of();
        Event event;
        synchronized (this) {
            Instant now = clock.instant();
            long nano = Math.max(now.getEpochSecond() * 1_000_000_000L + now.getNano(), lastNano + 1);
            lastNano = nano;
            event = new Event(type, action, actorId, attributes, nano);
            if (closed) {
                return event;
            }
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(event);
            for (Subscription s : subscribers) {
                if (s.wants(event) && !s.offer(event)) {
                    behind = behind.isEmpty() ? new ArrayList<>() : behind;
                    behind.add(s);
                }
            }
            subscribers.removeAll(behind);
        }
        behind.forEach(s -> s.end(Subscription.End.FELL_BEHIND));
        return event;
    }

    /**
     * Subscribes to the events {@code filter} accepts. As dockerd does, when {@code since} or {@code until} is
     * given (null: not), the recent events from {@code since} (inclusive) up to {@code until} come first; the
     * subscriber decides when {@code until} has passed. Refused beyond {@value #MAX_SUBSCRIBERS} subscribers.
     */
    public synchronized Subscription subscribe(Instant since, Instant until, Predicate<Event> filter) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            throw new ConflictException("this sandbox already has " + MAX_SUBSCRIBERS + " event streams open"
                    + " (docker events), its limit: close one first");
        }
        Subscription s = new Subscription(this, filter, Math.max(queueCapacity, RECENT));
        if (since != null || until != null) {
            long from = since == null ? Long.MIN_VALUE : nanos(since);
            long to = until == null ? Long.MAX_VALUE : nanos(until);
            for (Event e : recent) {
                if (e.timeNano() >= from && e.timeNano() <= to && filter.test(e)) {
                    s.offer(e);
                }
            }
        }
        if (closed) {
            s.end(Subscription.End.CLOSED);
        } else {
            subscribers.add(s);
        }
        return s;
    }

    /** The recent events, oldest first (at most {@value #RECENT}). */
    public synchronized List<Event> recent() {
        return List.copyOf(recent);
    }

    /** How many subscribers are reading now. */
    public synchronized int subscribers() {
        return subscribers.size();
    }

    /** Ends every subscription (the space is gone); later events are dropped. */
    public void close() {
        List<Subscription> ending;
        synchronized (this) {
            closed = true;
            ending = List.copyOf(subscribers);
            subscribers.clear();
        }
        ending.forEach(s -> s.end(Subscription.End.CLOSED));
    }

    synchronized void unsubscribe(Subscription s) {
        subscribers.remove(s);
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
