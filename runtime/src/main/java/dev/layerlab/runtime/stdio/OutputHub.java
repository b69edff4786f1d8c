package dev.layerlab.runtime.stdio;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans a process's output out to every attached sink. A sink that fails (a client gone) is dropped;
 * the process and the other sinks carry on. Writes are synchronous, so a slow client slows the
 * process as a full pipe would, as with Docker.
 */
public final class OutputHub {
    private final List<OutputSink> sinks = new CopyOnWriteArrayList<>();
    private final OutputSink permanent;

    /** A hub whose {@code permanent} sink (the container's log; may be null) stays across runs. */
    public OutputHub(OutputSink permanent) {
        this.permanent = permanent;
    }

    public void add(OutputSink sink) {
        sinks.add(sink);
    }

    public void remove(OutputSink sink) {
        sinks.remove(sink);
    }

    public void publish(StreamType stream, byte[] data, int length) {
        if (permanent != null) {
            try {
                permanent.write(stream, data, length);
            } catch (IOException | RuntimeException e) {
                // A full disk must not stop the container or its attached clients.
            }
        }
        for (OutputSink sink : sinks) {
            try {
                sink.write(stream, data, length);
            } catch (IOException | RuntimeException e) {
                sinks.remove(sink);
            }
        }
    }

    /** Tells every sink the output has ended and forgets them; the permanent sink only flushes. */
    public void endAll() {
        if (permanent != null) {
            try {
                permanent.end();
            } catch (RuntimeException e) {
                // see publish
            }
        }
        for (OutputSink sink : sinks) {
            sinks.remove(sink);
            sink.end();
        }
    }

    public int size() {
        return sinks.size();
    }
}
