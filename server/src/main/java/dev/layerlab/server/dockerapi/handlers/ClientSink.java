package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.StreamType;
import dev.layerlab.server.dockerapi.MultiplexedStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Process output to one API client: raw bytes for a TTY, {@link MultiplexedStream} frames otherwise.
 * It is over when the process's output ends or the client is gone; the handler waits for that.
 */
final class ClientSink implements OutputSink {
    private final OutputStream raw;
    private final MultiplexedStream mux;
    private final CountDownLatch over = new CountDownLatch(1);

    ClientSink(OutputStream out, boolean tty) {
        this.raw = tty ? out : null;
        this.mux = tty ? null : new MultiplexedStream(out);
    }

    @Override
    public void write(StreamType stream, byte[] data, int length) throws IOException {
        if (over.getCount() == 0) {
            throw new IOException("the client is detached"); // the hub drops this sink
        }
        try {
            if (raw != null) {
                raw.write(data, 0, length);
                raw.flush();
            } else {
                mux.write(stream == StreamType.STDERR ? MultiplexedStream.Kind.STDERR : MultiplexedStream.Kind.STDOUT,
                        data, 0, length);
            }
        } catch (IOException | RuntimeException e) {
            // The hub drops a failing sink without calling end(): the client left, so we are over.
            over.countDown();
            throw e;
        }
    }

    @Override
    public void end() {
        over.countDown();
    }

    void awaitEnd() throws InterruptedException {
        over.await();
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return over.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Marks it over from outside (the client closed its connection or detached): nothing more is sent. */
    void cancel() {
        over.countDown();
    }
}
