package dev.layerlab.runtime.build;

/** Whether a step came from the build cache, and if not, why not: what the build-cache picture shows. */
public enum CacheVerdict {
    /** Parent and instruction (and copied files) matched an earlier build: its image was reused. */
    HIT("from cache"),
    /** Not a cacheable step: FROM names its base image. */
    BASE_IMAGE("base image"),
    /** {@code --no-cache}. */
    NO_CACHE("--no-cache was given"),
    /** An earlier step of this stage was rebuilt, and everything after a rebuilt step is rebuilt too. */
    EARLIER_STEP_REBUILT("an earlier step was rebuilt, so every later step is rebuilt"),
    /** The same instruction ran on this parent before, but the files it copies differ now. */
    FILES_CHANGED("the files it copies changed"),
    /** The same RUN ran on this parent before, with other build-argument values. */
    BUILD_ARGS_CHANGED("build arguments changed"),
    /** This instruction never ran on this parent image before (new or edited instruction, or first build). */
    NEW_INSTRUCTION("no earlier build ran this instruction on this parent");

    private final String reason;

    CacheVerdict(String reason) {
        this.reason = reason;
    }

    /** The explanation shown to a learner. */
    public String reason() {
        return reason;
    }
}
