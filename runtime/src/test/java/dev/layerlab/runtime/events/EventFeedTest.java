package dev.layerlab.runtime.events;

import dev.layerlab.runtime.error.ConflictException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class EventFeedTest {
    private static Event publish(EventFeed feed, String action) {
        return feed.publish(Event.CONTAINER, action, "c1", Map.of("name", "web"));
    }

    private static List<String> drain(Subscription s) throws InterruptedException {
        List<String> actions = new ArrayList<>();
        for (Event e; (e = s.poll(Duration.ZERO)) != null; ) {
            actions.add(e.action());
        }
        return actions;
    }

    @Test
    void a_subscriber_gets_what_is_published_after_it_subscribed_in_order() throws Exception {
        EventFeed feed = new EventFeed();
        publish(feed, "create");
        try (Subscription s = feed.subscribe(null, null, e -> true)) {
            publish(feed, "start");
            publish(feed, "die");
            assertEquals(List.of("start", "die"), drain(s));
        }
        assertEquals(0, feed.subscribers());
    }

    @Test
    void since_replays_the_recent_events_from_that_time_and_until_bounds_them() throws Exception {
        EventFeed feed = new EventFeed();
        Event create = publish(feed, "create");
        Event start = publish(feed, "start");
        Event die = publish(feed, "die");
        assertTrue(create.timeNano() < start.timeNano() && start.timeNano() < die.timeNano(), "times are unique and rising");
        try (Subscription all = feed.subscribe(Instant.EPOCH, null, e -> true);
             Subscription fromStart = feed.subscribe(instant(start), instant(start), e -> true);
             Subscription onlyDies = feed.subscribe(Instant.EPOCH, null, e -> e.action().equals("die"));
             Subscription live = feed.subscribe(null, null, e -> true)) {
            assertEquals(List.of("create", "start", "die"), drain(all));
            assertEquals(List.of("start"), drain(fromStart));
            assertEquals(List.of("die"), drain(onlyDies));
            assertEquals(List.of(), drain(live), "without since or until nothing is replayed, as in dockerd");
        }
    }

    @Test
    void the_ring_keeps_the_last_256_events() {
        EventFeed feed = new EventFeed();
        for (int i = 0; i < 1000; i++) {
            publish(feed, "a" + i);
        }
        List<Event> recent = feed.recent();
        assertEquals(EventFeed.RECENT, recent.size());
        assertEquals("a744", recent.getFirst().action());
        assertEquals("a999", recent.getLast().action());
    }

    @Test
    void a_subscriber_that_never_reads_is_ended_and_never_blocks_publishing() throws Exception {
        EventFeed feed = new EventFeed(Clock.systemUTC(), 100);
        Subscription stalled = feed.subscribe(null, null, e -> true);
        Subscription reader = feed.subscribe(null, null, e -> true);
        List<String> read = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            publish(feed, "e" + i);
            Event e = reader.poll(Duration.ZERO);
            if (e != null) {
                read.add(e.action());
            }
            assertTrue(stalled.waiting() <= EventFeed.RECENT, "the stalled queue stays bounded");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 10_000, "100000 publishes took " + millis + " ms");
        assertEquals(Subscription.End.FELL_BEHIND, stalled.end());
        assertEquals(1, feed.subscribers(), "the stalled subscriber is gone, the reader stays");
        List<String> queued = drain(stalled);
        assertEquals(EventFeed.RECENT, queued.size(), "what was queued before the end is still read");
        assertTrue(stalled.ended());
        assertNull(stalled.poll(Duration.ofSeconds(5)), "an ended subscription answers at once");
        assertEquals(100_000, read.size());
        reader.close();
    }

    @Test
    void subscribers_are_bounded() {
        EventFeed feed = new EventFeed();
        List<Subscription> open = new ArrayList<>();
        for (int i = 0; i < EventFeed.MAX_SUBSCRIBERS; i++) {
            open.add(feed.subscribe(null, null, e -> true));
        }
        ConflictException refused = assertThrows(ConflictException.class, () -> feed.subscribe(null, null, e -> true));
        assertTrue(refused.getMessage().contains("event streams open"), refused.getMessage());
        open.getFirst().close();
        feed.subscribe(null, null, e -> true).close();
        open.forEach(Subscription::close);
    }

    @Test
    void closing_the_feed_ends_its_subscribers() throws Exception {
        EventFeed feed = new EventFeed();
        Subscription s = feed.subscribe(null, null, e -> true);
        publish(feed, "create");
        feed.close();
        publish(feed, "ignored");
        assertEquals(List.of("create"), drain(s));
        assertTrue(s.ended());
        assertEquals(Subscription.End.CLOSED, s.end());
    }

    @Test
    void an_event_has_dockers_fields() {
        Event e = new EventFeed().publish(Event.CONTAINER, "die", "c1", Map.of("name", "web", "exitCode", "3", "image", "busybox"));
        assertEquals("local", e.scope());
        assertEquals(e.timeNano() / 1_000_000_000L, e.time());
        assertEquals(List.of("exitCode", "image", "name"), List.copyOf(e.attributes().keySet()), "attributes sorted by key");
        assertTrue(e.isDockers());
        assertFalse(new EventFeed().publish(Event.BUILD_STEP, "step-start", "b1", Map.of()).isDockers());
    }

    private static Instant instant(Event e) {
        return Instant.ofEpochSecond(0, e.timeNano());
    }
}
