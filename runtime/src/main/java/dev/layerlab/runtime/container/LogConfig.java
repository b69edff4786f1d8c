package dev.layerlab.runtime.container;

import java.util.Map;

/**
 * A container's logging driver as Docker names it: {@code json-file} (the default) or {@code local}, both kept
 * in the engine's json-file log and readable, or {@code none}, which keeps nothing. {@code maxBytes} and
 * {@code maxFiles} are the log's bound ({@code --log-opt max-size/max-file}) after the server capped them by
 * the space's own limit; 0 means the engine's default bound.
 *
 * @param options the {@code --log-opt}s as given, for {@code docker inspect}
 */
public record LogConfig(String driver, Map<String, String> options, long maxBytes, int maxFiles) {
    public static final LogConfig DEFAULT = new LogConfig("json-file", Map.of(), 0, 0);

    public LogConfig {
        driver = driver == null || driver.isEmpty() ? "json-file" : driver;
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }

    /** Whether anything is kept: {@code docker logs} of a {@code none} container is refused. */
    public boolean readable() {
        return !driver.equals("none");
    }
}
