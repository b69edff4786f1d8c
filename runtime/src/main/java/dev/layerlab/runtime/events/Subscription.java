package dev.layerlab.runtime.events;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One reader of an {@link EventFeed}: a bounded queue the feed fills and the reader drains with
 * {@link #poll}. After its end (the reader fell behind, or the feed closed) the reader still gets what was
 * queued, then {@link #poll} answers null at once and {@link #end()} says why. Closing it unsubscribes.
 */
public final class Subscription implements AutoCloseable {
    /** Why a subscription ended. */
    public enum End {
        /** More events were waiting for the reader than its queue holds. */
        FELL_BEHIND,
        /** The feed closed (its space was removed). */
        CLOSED,
        /** The reader closed it. */
        UNSUBSCRIBED
    }

    /** Queued after the last event once the subscription has ended; always fits (one slot is kept for it). */
    private static final Event END_MARK = new Event("", "", "", java.util.Map.of(), 0);

    private final EventFeed feed;
    private final Predicate<Event> filter;
    private final int capacity;
    private final ArrayBlockingQueue<Event> queue;
    private volatile End end;
    private volatile boolean drained;

    Subscription(EventFeed feed, Predicate<Event> filter, int capacity) {
        this.feed = feed;
        this.filter = filter;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
    }

    boolean wants(Event e) {
        return filter.test(e);
    }

    /** Queues {@code e} unless the queue is full; called by the feed under its lock (one producer at a time). */
    boolean offer(Event e) {
        return queue.size() < capacity && queue.offer(e);
    }

    synchronized void end(End why) {
        if (end == null) {
            end = why;
            queue.offer(END_MARK);
        }
    }

    /**
     * The next event, waiting at most {@code timeout}; null if none came in time, or once the subscription has
     * ended and everything queued before its end was read ({@link #ended()}).
     */
    public Event poll(Duration timeout) throws InterruptedException {
        if (drained) {
            return null;
        }
        Event e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == END_MARK) {
            drained = true;
            return null;
        }
        return e;
    }

    /** True once the subscription ended and its last queued event was read. */
    public boolean ended() {
        return drained;
    }

    /** Why it ended, or null while it runs. */
    public End end() {
        return end;
    }

    /** Events waiting to be read (never more than the queue's capacity). */
    public int waiting() {
        return Math.max(0, queue.size() - (end != null && !drained ? 1 : 0));
    }

    @Override
    public void close() {
        feed.unsubscribe(this);
        end(End.UNSUBSCRIBED);
    }
}
