package dev.layerlab.runtime.build;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * A build step failed the way the user can fix: a RUN command exited non-zero (then {@code code} is its
 * exit code, as Docker reports it in {@code errorDetail.code}), a file to copy is missing, a bad value.
 */
public final class BuildFailedException extends InvalidArgumentException {
    private final int code;

    public BuildFailedException(String message, int code) {
        super(message);
        this.code = code;
    }

    public BuildFailedException(String message) {
        this(message, 0);
    }

    /** The failing command's exit code, or 0 when the failure was not a command's. */
    public int code() {
        return code;
    }
}
