package dev.layerlab.runtime.build;

import java.time.Instant;
import java.util.List;

/**
 * What one build did, step by step: kept per space so the build-cache picture can show which steps
 * came from cache and why the others did not.
 *
 * @param imageId the built image's ID, or null if the build failed
 * @param error   the failure's message, or null
 */
public record BuildRecord(String id, Instant started, Instant finished, List<String> tags, String imageId,
                          String error, List<Step> steps) {
    public BuildRecord {
        tags = List.copyOf(tags);
        steps = List.copyOf(steps);
    }

    /**
     * One step.
     *
     * @param number      1-based, as in {@code Step N/M}
     * @param stage       the stage's name or index
     * @param instruction the instruction as written
     * @param verdict     cache hit, or the reason for a miss
     * @param imageId     the step's resulting image ID (null if it failed)
     * @param layerDiffId the layer this step added, or null for a metadata-only step
     * @param layerSize   bytes of that layer's uncompressed tar (0 without a layer)
     * @param millis      how long the step took
     */
    public record Step(int number, String stage, String instruction, CacheVerdict verdict, String imageId,
                       String layerDiffId, long layerSize, long millis) {
    }
}
