package dev.layerlab.runtime.build;

import dev.layerlab.runtime.layer.LayerBlobs;

import java.io.IOException;
import java.util.List;

/**
 * One step, ready to be looked up in the cache: its history/cache text, the same text without what may
 * legitimately change (checksum, build arguments) to explain a miss, and what to do on a miss.
 *
 * @param work      null for a metadata-only step (its config change is already made on the stage)
 * @param resources opened to plan the step (an image view for {@code COPY --from}); closed after it
 */
record StepPlan(String createdBy, String shape, Work work, CacheVerdict shapeMissVerdict, List<AutoCloseable> resources) {
    /** What a step does when it is not in the cache; returns its layer, or null if it changed no files. */
    @FunctionalInterface
    interface Work {
        LayerBlobs.Stored run() throws IOException;
    }

    static StepPlan metadata(String createdBy) {
        return new StepPlan(createdBy, createdBy, null, CacheVerdict.NEW_INSTRUCTION, List.of());
    }
}
