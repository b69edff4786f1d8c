package dev.layerlab.runtime.stdio;

import java.io.IOException;

/** Receives a process's output as it is produced (an attached client, a log, a test). */
public interface OutputSink {
    void write(StreamType stream, byte[] data, int length) throws IOException;

    /** The process's output has ended (it exited and its streams drained). */
    default void end() {
    }
}
