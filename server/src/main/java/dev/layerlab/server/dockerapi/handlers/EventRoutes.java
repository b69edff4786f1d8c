package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.events.Subscription;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker events}: the space's {@link EventFeed} as dockerd streams it, one JSON message per line, each
 * its own chunk. With {@code since} (or {@code until}) the recent events come first; the stream ends at
 * {@code until}, at once if it has passed. A bare newline every second the stream is quiet is whitespace to
 * the client's JSON decoder, and the way to notice that a client went away. A client that reads too slowly
 * for the feed is ended: a last {@code daemon error} message says why, and the stream is cut short, so the
 * CLI exits with an error instead of missing events unknowingly.
 */
final class EventRoutes implements ApiRoutes {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final SandboxContext ctx;

    EventRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/events", this::events);
    }

    private void events(ApiExchange ex) throws IOException, InterruptedException {
        Instant now = Instant.now();
        String sinceText = ex.query().string("since", "");
        String untilText = ex.query().string("until", "");
        Instant since = EventTimes.parse("since", sinceText, now);
        Instant until = EventTimes.parse("until", untilText, now);
        if (since != null && until != null && until.isBefore(since)) {
            throw new InvalidArgumentException("`since` time (" + sinceText + ") cannot be after `until` time ("
                    + untilText + ")");
        }
        EventFilter filter = new EventFilter(Filters.parse(ex.query().string("filters")));
        try (Subscription events = ctx.space().events().subscribe(since, until, filter)) {
            JsonLines out = new JsonLines(ex.stream(200, ContentTypes.JSON));
            boolean onlyPast = until != null && !until.isAfter(now);
            while (true) {
                Duration wait = onlyPast ? Duration.ZERO : until == null ? HEARTBEAT
                        : min(HEARTBEAT, Duration.between(Instant.now(), until));
                Event e = events.poll(wait.isNegative() ? Duration.ZERO : wait);
                if (e != null) {
                    if (until != null && e.timeNano() > nanos(until)) {
                        return;
                    }
                    out.send(json(e));
                } else if (events.ended()) {
                    if (events.end() == Subscription.End.FELL_BEHIND) {
                        out.send(fellBehind());
                        throw new IOException("events client fell behind"); // cut short: no clean end of stream
                    }
                    return;
                } else if (onlyPast || (until != null && !Instant.now().isBefore(until))) {
                    return;
                } else {
                    out.whitespace();
                }
            }
        }
    }

    /** An event as dockerd encodes it, with the deprecated status/id/from of container and image events. */
    static Map<String, Object> json(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e.type().equals(Event.CONTAINER) || e.type().equals(Event.IMAGE)) {
            m.put("status", e.action());
            m.put("id", e.actorId());
            String from = e.attributes().get("image");
            if (e.type().equals(Event.CONTAINER) && from != null) {
                m.put("from", from);
            }
        }
        m.put("Type", e.type());
        m.put("Action", e.action());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", e.actorId());
        actor.put("Attributes", e.attributes());
        m.put("Actor", actor);
        m.put("scope", e.scope());
        m.put("time", e.time());
        m.put("timeNano", e.timeNano());
        return m;
    }

    private static Map<String, Object> fellBehind() {
        Instant now = Instant.now();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", "daemon");
        m.put("Action", "error");
        m.put("Actor", Map.of("ID", "layerlab", "Attributes", Map.of("name", "layerlab", "error",
                "this client read events too slowly: more than " + EventFeed.QUEUE + " were waiting for it, so the"
                        + " engine ended the stream (run docker events again)")));
        m.put("scope", "local");
        m.put("time", now.getEpochSecond());
        m.put("timeNano", nanos(now));
        return m;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
