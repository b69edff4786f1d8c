package dev.layerlab.server.dockerapi;

import java.time.Duration;

/**
 * What one sandbox's Docker API socket may cost the server: at most {@code maxConnections} open at once
 * (hijacked and streaming ones included; beyond it a connection gets a 503 and is closed), a connection
 * waiting for its next request is closed after {@code idleTimeout} (one busy in a request, an attach,
 * {@code logs -f} or {@code events} is not waiting), and no connection is taken while the server has fewer
 * than {@code reservedFileDescriptors} descriptors left below its RLIMIT_NOFILE (kept for itself: pages,
 * layers, runc).
 */
public record ApiLimits(int maxConnections, Duration idleTimeout, int reservedFileDescriptors) {
    public static final ApiLimits DEFAULTS = new ApiLimits(64, Duration.ofSeconds(60), 1024);

    public ApiLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("a sandbox's Docker API needs at least 1 connection, not " + maxConnections);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
    }
}
