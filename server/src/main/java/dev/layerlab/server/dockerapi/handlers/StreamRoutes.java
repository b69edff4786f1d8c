package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.Attachment;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.stdio.ContainerLog;
import dev.layerlab.runtime.stdio.LogEntry;
import dev.layerlab.runtime.stdio.StreamType;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;
import dev.layerlab.server.dockerapi.HijackedStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code attach} (hijacked, both directions) and {@code logs} (streamed, optionally followed). */
final class StreamRoutes implements ApiRoutes {
    /** Docker's log timestamps: RFC3339 with all nine fraction digits kept. */
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** How long the replayed log of an attach waits after the hijack head (see {@link #attach}). */
    private static final java.time.Duration HEAD_ALONE = java.time.Duration.ofMillis(50);

    private final SandboxContext ctx;

    StreamRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter r) {
        r.post("/containers/{id}/attach", this::attach);
        r.get("/containers/{id}/logs", this::logs);
    }

    private static Set<StreamType> outputs(ApiExchange ex, boolean defaultBoth) {
        Set<StreamType> s = EnumSet.noneOf(StreamType.class);
        if (ex.query().bool("stdout", defaultBoth)) {
            s.add(StreamType.STDOUT);
        }
        if (ex.query().bool("stderr", defaultBoth)) {
            s.add(StreamType.STDERR);
        }
        return s;
    }

    /**
     * As dockerd's {@code containerAttach}: with {@code logs} the container's log so far first; with
     * {@code stream} then its live output (waiting for its next start if it is not running, as
     * {@code docker start -a} needs) until its output ends or the client goes; without it the answer
     * ends there. With a TTY the client's input is watched for the detach keys, and its end (or the
     * keys) detaches the client only: the container's stdin stays open and it keeps running. Without
     * a TTY the end of input closes the container's stdin when it has StdinOnce.
     */
    private void attach(ApiExchange ex) throws Exception {
        var containers = ctx.space().containers();
        ContainerRecord rec = containers.inspect(ex.param("id"));
        DetachKeys detachKeys = DetachKeys.parse(ex.query().string("detachKeys", ""), "detach keys");
        boolean tty = rec.config().tty();
        Set<StreamType> wanted = outputs(ex, false);
        HijackedStream hs = ex.hijack(ContentTypes.forStream(ex.apiVersion(), tty));
        ClientSink sink = new ClientSink(hs.output(), tty);
        if (ex.query().bool("logs")) {
            // docker-py reads the stream from the socket under its HTTP reader's buffer: bytes that arrive
            // with the 101 head are lost to it. dockerd's log reader is slow enough to keep them apart.
            Thread.sleep(HEAD_ALONE);
            try {
                for (LogEntry e : containers.store().get(rec.id()).log().read(-1)) {
                    if (wanted.contains(e.stream())) {
                        sink.write(e.stream(), e.data(), e.data().length);
                    }
                }
            } catch (IOException e) {
                return; // the client left
            }
        }
        if (!ex.query().bool("stream")) {
            return;
        }
        try (Attachment a = containers.attach(rec.id(), wanted, sink)) {
            if (ex.query().bool("stdin")) {
                StdinPump.start(hs.input(), tty ? detachKeys : null, new StdinPump.Target() {
                    @Override
                    public boolean write(byte[] data, int length) {
                        return a.writeStdin(data, length);
                    }

                    @Override
                    public void close() {
                        if (tty) {
                            sink.cancel();
                        } else {
                            a.closeStdin();
                        }
                    }

                    @Override
                    public void detach() {
                        sink.cancel();
                    }
                });
            }
            sink.awaitEnd();
        }
    }

    private void logs(ApiExchange ex) throws Exception {
        ContainerRecord rec = ctx.space().containers().inspect(ex.param("id"));
        boolean tty = rec.config().tty();
        Set<StreamType> wanted = outputs(ex, false);
        boolean timestamps = ex.query().bool("timestamps");
        String tailText = ex.query().string("tail", "all");
        int tail = tailText.equals("all") || tailText.isEmpty() ? -1 : ex.query().integer("tail", -1);
        long since = sinceSeconds(ex.query().string("since", ""));
        Instant until = untilTime(ex.query().string("until", ""));
        if (!rec.config().options().log().readable()) {
            throw new ApiException(501, "configured logging driver does not support reading");
        }
        ContainerLog log = ctx.space().containers().store().get(rec.id()).log();
        try (OutputStream out = ex.stream(200, ContentTypes.forStream(ex.apiVersion(), tty))) {
            ClientSink sink = new ClientSink(out, tty);
            java.util.function.Consumer<LogEntry> emit = e -> {
                if (!wanted.contains(e.stream()) || e.time().getEpochSecond() < since
                        || until != null && e.time().isAfter(until)) {
                    return;
                }
                byte[] data = timestamps ? concat(LOG_TIME.format(e.time()) + " ", e.data()) : e.data();
                try {
                    sink.write(e.stream(), data, data.length);
                } catch (IOException | RuntimeException ignored) {
                    // the client left; the sink is now over
                }
            };
            // Docker stops following at --until; a past one is a plain read.
            if (!ex.query().bool("follow") || !rec.state().isRunning()
                    || until != null && !until.isAfter(Instant.now())) {
                log.read(tail).forEach(emit);
                return;
            }
            CompletableFuture<Integer> exit = ctx.space().containers().waitFor(rec.id(),
                    dev.layerlab.runtime.container.WaitCondition.NOT_RUNNING);
            // Following ends at --until too: a sleeping virtual thread, stopped when the request ends.
            Thread untilTimer = until == null ? null : Thread.startVirtualThread(() -> {
                try {
                    Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), until).toMillis()));
                    sink.end();
                } catch (InterruptedException ended) {
                    // the follow ended first
                }
            });
            try (AutoCloseable following = log.follow(tail, emit)) {
                exit.whenComplete((code, err) -> sink.end());
                sink.awaitEnd();
            } finally {
                if (untilTimer != null) {
                    untilTimer.interrupt();
                }
            }
        }
    }

    private static byte[] concat(String prefix, byte[] data) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[p.length + data.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(data, 0, out, p.length, data.length);
        return out;
    }

    /** {@code until} as the CLI sends it (unix seconds with an optional nine-digit fraction), or null for none. */
    private static Instant untilTime(String until) {
        if (until.isEmpty() || until.equals("0")) {
            return null;
        }
        try {
            java.math.BigDecimal seconds = new java.math.BigDecimal(until);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(java.math.BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                return Instant.parse(until);
            } catch (java.time.format.DateTimeParseException bad) {
                throw new dev.layerlab.runtime.error.InvalidArgumentException("invalid value for \"until\": " + until);
            }
        }
    }

    /** {@code since} as the CLI sends it: unix seconds with an optional fraction. */
    private static long sinceSeconds(String since) {
        if (since.isEmpty() || since.equals("0")) {
            return 0;
        }
        try {
            return (long) Double.parseDouble(since);
        } catch (NumberFormatException e) {
            return Instant.parse(since).getEpochSecond();
        }
    }
}
