package dev.layerlab.runtime.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A local volume: a directory the engine owns, mounted into containers; anonymous ones have a 64-hex name. */
public record Volume(String name, Instant created, Map<String, String> labels, boolean anonymous, Path mountpoint) {
}
