package dev.layerlab.runtime.container;

import java.util.List;
import java.util.Map;

/** The parts of an image's config a container inherits unless its own config overrides them. */
public record ImageDefaults(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                            String user, String stopSignal, Map<String, String> labels, List<String> volumes) {
    public static final ImageDefaults EMPTY = new ImageDefaults(null, null, List.of(), "", "", "", Map.of(), List.of());
}
