package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * {@code docker events}: the engine publishes no events yet, so the stream stays open and silent
 * until the client leaves or its {@code until} passes. A bare newline now and then is whitespace to
 * the client's JSON decoder, and the only way to notice that a client went away.
 */
final class EventRoutes implements ApiRoutes {
    private static final long HEARTBEAT_MILLIS = 2000;

    @Override
    public void register(ApiRouter router) {
        router.get("/events", this::events);
    }

    private void events(ApiExchange ex) throws IOException, InterruptedException {
        Instant until = until(ex.query().string("until", ""));
        OutputStream out = ex.stream(200, ContentTypes.JSON);
        while (until == null || Instant.now().isBefore(until)) {
            long wait = until == null ? HEARTBEAT_MILLIS
                    : Math.min(HEARTBEAT_MILLIS, Math.max(1, until.toEpochMilli() - System.currentTimeMillis()));
            Thread.sleep(wait);
            out.write('\n');
            out.flush();
        }
        out.close();
    }

    /** The CLI sends {@code until} as unix seconds with an optional fraction. */
    private static Instant until(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value);
            return Instant.ofEpochMilli((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("invalid value for until: " + value);
        }
    }
}
