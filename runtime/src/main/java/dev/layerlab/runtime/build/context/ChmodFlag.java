package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * The value of {@code COPY --chmod} / {@code ADD --chmod}: an octal string ("755", "0644", "4755").
 * The error text is BuildKit's (the legacy builder of moby 20.10 refuses the flag altogether with
 * {@link #REQUIRES_BUILDKIT}; which of the two a builder shows is its choice).
 */
public final class ChmodFlag {
    /** moby 20.10 builder/dockerfile/dispatchers.go, for COPY and ADD with --chmod. */
    public static final String REQUIRES_BUILDKIT = "the --chmod option requires BuildKit. Refer to "
            + "https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled";

    private ChmodFlag() {
    }

    /** The mode bits, or null for a null or empty value (no --chmod). */
    public static Integer parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-7]+")) {
            throw invalid(value);
        }
        long mode;
        try {
            mode = Long.parseLong(value, 8);
        } catch (NumberFormatException e) {
            throw invalid(value);
        }
        if (mode > 07777) {
            throw invalid(value);
        }
        return (int) mode;
    }

    private static InvalidArgumentException invalid(String value) {
        return new InvalidArgumentException("invalid chmod parameter: '" + value
                + "'. it should be octal string and between 0 and 07777");
    }
}
