package dev.layerlab.runtime.build;

import java.io.IOException;
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

    Recorder(BuildRecords records, List<String> tags, Clock clock) {
        this.records = records;
        this.tags = tags;
        this.clock = clock;
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        this.id = HexFormat.of().formatHex(b);
        this.started = clock.instant();
    }

    void step(BuildRecord.Step step) {
        steps.add(step);
    }

    void finished(String imageId, String error) {
        try {
            records.save(new BuildRecord(id, started, clock.instant(), tags, imageId, error, steps));
        } catch (IOException | RuntimeException e) {
            // The record only feeds a picture; losing it must not fail (or mask the failure of) the build.
            LOG.log(Level.WARNING, "could not save build record " + id, e);
        }
    }
}
