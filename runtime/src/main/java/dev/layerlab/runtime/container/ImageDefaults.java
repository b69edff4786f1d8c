package dev.layerlab.runtime.container;

import java.util.List;
import java.util.Map;

/**
 * The parts of an image's config a container inherits unless its own config overrides them.
 *
 * @param healthcheck the image's HEALTHCHECK as its config has it ({@code Test}, {@code Interval}...), or null
 */
public record ImageDefaults(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                            String user, String stopSignal, Map<String, String> labels, List<String> volumes,
                            Map<String, Object> healthcheck) {
    public static final ImageDefaults EMPTY = new ImageDefaults(null, null, List.of(), "", "", "", Map.of(), List.of());

    public ImageDefaults(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user,
                         String stopSignal, Map<String, String> labels, List<String> volumes) {
        this(entrypoint, cmd, env, workingDir, user, stopSignal, labels, volumes, null);
    }

    /**
     * Docker's merge of a container's healthcheck with its image's: the image's when the container has none,
     * else the container's, each field it leaves empty (no Test, a zero duration) taken from the image's.
     */
    public Map<String, Object> healthcheckFor(Map<String, Object> asked) {
        if (asked == null || healthcheck == null) {
            return asked == null ? healthcheck : asked;
        }
        Map<String, Object> merged = new java.util.LinkedHashMap<>(asked);
        healthcheck.forEach((key, value) -> {
            Object mine = merged.get(key);
            boolean empty = mine == null || mine instanceof List<?> l && l.isEmpty()
                    || mine instanceof Number n && n.longValue() == 0;
            if (empty) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
