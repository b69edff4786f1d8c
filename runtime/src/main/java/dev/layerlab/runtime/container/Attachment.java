package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.ProcessIo;
import dev.layerlab.runtime.stdio.StreamType;

import java.io.IOException;
import java.util.Set;

/**
 * One client attached to a container (docker attach, the CLI of docker run, a web terminal). Many
 * may attach at once; each sees the output from when it attached, and any may type to stdin.
 */
public final class Attachment implements AutoCloseable {
    private final Container container;
    private final OutputSink filtered;

    Attachment(Container container, Set<StreamType> streams, OutputSink sink) {
        this.container = container;
        this.filtered = new OutputSink() {
            @Override
            public void write(StreamType stream, byte[] data, int length) throws IOException {
                if (streams.contains(stream)) {
                    sink.write(stream, data, length);
                }
            }

            @Override
            public void end() {
                sink.end();
            }
        };
        container.hub().add(filtered);
    }

    /**
     * Sends input to the container. Before it starts (docker run attaches first) input waits in a
     * small buffer; false if it cannot be delivered (no stdin, closed, or the buffer is full).
     */
    public boolean writeStdin(byte[] data, int length) {
        if (!container.record().config().openStdin()) {
            return false;
        }
        ProcessIo io = container.io();
        return io != null ? io.writeStdin(data, length) : container.bufferStdin(data, length);
    }

    /** The client closed its input: with StdinOnce the process reads end of file. */
    public void closeStdin() {
        if (container.record().config().stdinOnce()) {
            ProcessIo io = container.io();
            if (io != null) {
                io.closeStdin();
            } else {
                container.closeStdinOnStart();
            }
        }
    }

    /** Detaches; the container goes on. */
    @Override
    public void close() {
        container.hub().remove(filtered);
    }
}
