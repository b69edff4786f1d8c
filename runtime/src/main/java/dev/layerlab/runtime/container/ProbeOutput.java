package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.StreamType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A healthcheck probe's stdout and stderr together, kept up to Docker's 4096 bytes, "..." added when more came. */
final class ProbeOutput implements OutputSink {
    static final int MAX_BYTES = 4096;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    @Override
    public synchronized void write(StreamType stream, byte[] data, int length) {
        int room = Math.min(MAX_BYTES - kept.size(), length);
        if (room > 0) {
            kept.write(data, 0, room);
        }
        if (room < length) {
            truncated = true;
        }
    }

    /** What was kept, as text (invalid UTF-8 replaced, as Go's JSON encoding does). */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8) + (truncated ? "..." : "");
    }
}
