package dev.layerlab.server.web;

import java.time.Duration;

/**
 * The operator's settings for learners: sandboxes kept ready, the most that may exist at once, and how
 * long an unused sandbox lives.
 */
public record PlaygroundSettings(int warmSandboxes, int maxSandboxes, Duration idleTimeout) {
    public static final PlaygroundSettings DEFAULTS = new PlaygroundSettings(2, 50, Duration.ofMinutes(30));

    public PlaygroundSettings {
        if (warmSandboxes < 0 || maxSandboxes < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("warm sandboxes >= 0, max sandboxes >= 1 and a positive idle time, please");
        }
    }
}
