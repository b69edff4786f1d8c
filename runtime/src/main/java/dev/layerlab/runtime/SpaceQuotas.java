package dev.layerlab.runtime;

import java.time.Duration;

/**
 * How much of each kind one space may hold, so no learner can grow the server's memory or threads
 * without bound (0, or a zero duration, means "no limit"; containers are capped by
 * {@link dev.layerlab.runtime.container.Limits#maxContainers()}).
 *
 * @param maxVolumes   volumes, named and anonymous
 * @param maxTags      image names (tags) pointing at images
 * @param maxExecs     execs not yet finished: running, or created and never started
 * @param maxBuilds    builds running at once
 * @param buildTimeout how long one build may run before its RUN container is killed and the build fails
 */
public record SpaceQuotas(int maxVolumes, int maxTags, int maxExecs, int maxBuilds, Duration buildTimeout) {
    /** No limits: the engine's own spaces (default, playground image builds). */
    public static final SpaceQuotas NONE = new SpaceQuotas(0, 0, 0, 0, Duration.ZERO);
    /** What a learner's sandbox gets unless the operator says otherwise. */
    public static final SpaceQuotas SANDBOX_DEFAULTS = new SpaceQuotas(50, 100, 64, 2, Duration.ofMinutes(30));

    public SpaceQuotas {
        if (maxVolumes < 0 || maxTags < 0 || maxExecs < 0 || maxBuilds < 0 || buildTimeout.isNegative()) {
            throw new IllegalArgumentException("space quotas are counts >= 0 and a build timeout >= 0");
        }
    }
}
