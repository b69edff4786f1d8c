package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * Docker's {@code HostConfig.RestartPolicy}: whether the engine starts the container again when its
 * process ends by itself ({@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}).
 * A stop or kill by the user is never followed by a restart ({@link RestartBackoff#cancel}).
 */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    public RestartPolicy {
        name = name == null || name.isEmpty() ? "no" : name;
    }

    /** A policy as a client sends it, checked with Docker 20.10's rules and words. */
    public static RestartPolicy of(String name, int maximumRetryCount) {
        String n = name == null ? "" : name;
        switch (n) {
            case "always", "unless-stopped", "no" -> {
                if (maximumRetryCount != 0) {
                    throw new InvalidArgumentException("maximum retry count cannot be used with restart policy '" + n + "'");
                }
            }
            case "on-failure" -> {
                if (maximumRetryCount < 0) {
                    throw new InvalidArgumentException("maximum retry count cannot be negative");
                }
            }
            case "" -> {
                return NO;
            }
            default -> throw new InvalidArgumentException("invalid restart policy '" + n + "'");
        }
        return new RestartPolicy(n, maximumRetryCount);
    }

    public boolean isNone() {
        return name.equals("no");
    }

    /** Docker's restart manager: is an exit with {@code exitCode}, after {@code restartCount} restarts, followed by another? */
    boolean restartsAfter(int exitCode, int restartCount) {
        return switch (name) {
            case "always", "unless-stopped" -> true; // they differ only at a daemon's restart, which sandboxes never see
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }
}
