package dev.layerlab.runtime.stdio;

import java.time.Instant;

/** One line (or a partial line cut at the buffer limit) of a container's logged output. */
public record LogEntry(StreamType stream, Instant time, byte[] data) {
}
