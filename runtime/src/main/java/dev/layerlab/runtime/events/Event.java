package dev.layerlab.runtime.events;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One thing that changed in a space, with Docker's fields ({@code docker events}): what kind of object
 * ({@code type}), what happened to it ({@code action}), which one ({@code actorId}) and its
 * {@code attributes} (sorted by key, as dockerd's JSON has them), stamped with the time it was published.
 * The scope is always {@code local}.
 *
 * @param timeNano nanoseconds since the epoch; unique and increasing within one feed
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";
    public static final String VOLUME = "volume";
    public static final String NETWORK = "network";
    /**
     * layerlab's own type: a build step's start ({@code step-start}) and end ({@code step-end}, with its cache
     * verdict). Docker sends no such events, so {@code docker events} never shows them; the pages do.
     */
    public static final String BUILD_STEP = "layerlab-build-step";

    private static final Set<String> DOCKER_TYPES = Set.of(CONTAINER, IMAGE, VOLUME, NETWORK);

    public Event {
        attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public String scope() {
        return "local";
    }

    /** Whole seconds since the epoch (Docker's {@code time}). */
    public long time() {
        return Math.floorDiv(timeNano, 1_000_000_000L);
    }

    /** Whether Docker has this type, so {@code docker events} may show it. */
    public boolean isDockers() {
        return DOCKER_TYPES.contains(type);
    }
}
