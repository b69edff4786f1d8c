package dev.layerlab.runtime.build;

import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Collects one build's steps and saves its {@link BuildRecord} when it ends, successful or not. */
final class Recorder {
    private static final Logger LOG = Logger.getLogger(Recorder.class.getName());

    private final BuildRecords records;
    private final List<String> tags;
    private final Clock clock;
    private final String id;
    private final Instant started;
    private final List<BuildRecord.Step> steps = new ArrayList<>();
    private final EventFeed events;

    Recorder(BuildRecords records, List<String> tags, Clock clock, EventFeed events) {
        this.events = events;
        this.records = records;
        this.tags = tags;
        this.clock = clock;
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        this.id = HexFormat.of().formatHex(b);
        this.started = clock.instant();
        events.publish(Event.BUILD_STEP, "build-start", id, Map.of("tags", String.join(",", tags)));
    }

    /** Step {@code number} of {@code total} begins ({@code Step N/M : ...}). */
    void stepStarted(int number, int total, String instruction) {
        events.publish(Event.BUILD_STEP, "step-start", id, Map.of("step", String.valueOf(number),
                "total", String.valueOf(total), "instruction", instruction));
    }

    /** A step ended with its image and cache verdict. */
    void step(BuildRecord.Step step) {
        steps.add(step);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("step", String.valueOf(step.number()));
        attributes.put("stage", step.stage() == null ? "" : step.stage());
        attributes.put("instruction", step.instruction());
        attributes.put("cache", step.verdict() == CacheVerdict.HIT ? "hit" : "miss");
        attributes.put("verdict", step.verdict().name());
        attributes.put("reason", step.verdict().reason());
        attributes.put("imageID", step.imageId() == null ? "" : step.imageId());
        attributes.put("layer", step.layerDiffId() == null ? "" : step.layerDiffId());
        attributes.put("millis", String.valueOf(step.millis()));
        events.publish(Event.BUILD_STEP, "step-end", id, attributes);
    }

    void finished(String imageId, String error) {
        events.publish(Event.BUILD_STEP, "build-end", id, Map.of("imageID", imageId == null ? "" : imageId,
                "error", error == null ? "" : error));
        try {
            records.save(new BuildRecord(id, started, clock.instant(), tags, imageId, error, steps));
        } catch (IOException | RuntimeException e) {
            // The record only feeds a picture; losing it must not fail (or mask the failure of) the build.
            LOG.log(Level.WARNING, "could not save build record " + id, e);
        }
    }
}
