package dev.layerlab.server.web;

import java.time.Duration;

/**
 * The operator's settings for learners: sandboxes kept ready, the most that may exist at once, how
 * long an unused sandbox lives, and admission by client address: new sandboxes a minute and sandboxes
 * at once per address (0: no limit), and whether a proxy's {@code X-Forwarded-For} names the client.
 */
public record PlaygroundSettings(int warmSandboxes, int maxSandboxes, Duration idleTimeout,
                                 int sandboxesPerAddressPerMinute, int sandboxesPerAddress, boolean trustProxy) {
    public static final PlaygroundSettings DEFAULTS = new PlaygroundSettings(2, 50, Duration.ofMinutes(30), 5, 10, false);

    public PlaygroundSettings {
        if (warmSandboxes < 0 || maxSandboxes < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("warm sandboxes >= 0, max sandboxes >= 1 and a positive idle time, please");
        }
        if (sandboxesPerAddressPerMinute < 0 || sandboxesPerAddress < 0) {
            throw new IllegalArgumentException("sandboxes per address (a minute, at once) are >= 0");
        }
    }

    /** These pool settings with the default admission. */
    public PlaygroundSettings(int warmSandboxes, int maxSandboxes, Duration idleTimeout) {
        this(warmSandboxes, maxSandboxes, idleTimeout, DEFAULTS.sandboxesPerAddressPerMinute(),
                DEFAULTS.sandboxesPerAddress(), false);
    }
}
