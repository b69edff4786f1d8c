package dev.layerlab.runtime.build;

import dev.layerlab.runtime.container.Attachment;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.HostOptions;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ContainerService;
import dev.layerlab.runtime.container.MountPointStubs;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.layer.LayerBlobs;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.StreamType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A RUN: a real container of the step's parent image (the space's network, limits and hardening, as any
 * {@code docker run}), its output streamed into the build, its writable layer kept as the step's layer.
 */
final class RunStep {
    /** The build's error when its client left while it ran. */
    static final String CLIENT_GONE = "build cancelled: the client closed the connection";

    private final ContainerService containers;
    private final Snapshotter snapshots;
    private final ContentStore content;
    private final DiskQuota quota;

    RunStep(ContainerService containers, Snapshotter snapshots, ContentStore content, DiskQuota quota) {
        this.containers = containers;
        this.snapshots = snapshots;
        this.content = content;
        this.quota = quota;
    }

    /**
     * Runs {@code argv} on {@code state}'s image with {@code env} added; the step's layer, or null if it
     * changed nothing. A non-zero exit fails the build with Docker's message and the exit code.
     */
    LayerBlobs.Stored run(StageState state, List<String> argv, List<String> env, BuildRequest request,
                          BuildOutput out, BuildCancellation cancellation) throws IOException {
        if (state.image == null) {
            throw new BuildFailedException("RUN needs a shell, and a FROM scratch stage has no files yet");
        }
        ContainerConfig config = ContainerConfig.builder(state.image.id().toString())
                .entrypoint(List.of(""))
                .cmd(argv)
                .env(env)
                .options(HostOptions.NONE.withExtraHosts(request.extraHosts()))
                .build();
        ContainerRecord rec = containers.create(null, config);
        out.stream(" ---> Running in " + rec.shortId() + "\n");
        boolean succeeded = false;
        try {
            int exit = runToEnd(rec, out, cancellation);
            if (exit != 0) {
                throw new BuildFailedException("The command '" + String.join(" ", argv)
                        + "' returned a non-zero code: " + exit, exit);
            }
            MountPointStubs.prune(rec, snapshots.fsOf(rec.id()));
            Path upper = snapshots.fsOf(rec.id()).upper();
            LayerBlobs.Stored layer = null;
            if (!FilesystemStep.isEmpty(upper)) {
                quota.admitLayerOf(upper); // the layer goes to the shared store: within the sandbox's quota
                layer = LayerBlobs.store(upper, content);
            }
            succeeded = true;
            return layer;
        } finally {
            if (cancellation.cancelled()) {
                containers.remove(rec.id(), true, true); // as Docker: a cancelled build's container is killed and removed
            } else if (succeeded ? request.removeIntermediate() : request.forceRemove()) {
                containers.remove(rec.id(), true, true);
                out.stream("Removing intermediate container " + rec.shortId() + "\n");
            }
        }
    }

    private int runToEnd(ContainerRecord rec, BuildOutput out, BuildCancellation cancellation) throws IOException {
        CountDownLatch drained = new CountDownLatch(1);
        Utf8Text[] decoders = {new Utf8Text(), new Utf8Text()};
        OutputSink sink = new OutputSink() {
            @Override
            public void write(StreamType stream, byte[] data, int length) {
                String text = decoders[stream == StreamType.STDERR ? 1 : 0].decode(data, length);
                if (text.isEmpty() || cancellation.cancelled()) {
                    return;
                }
                try {
                    // As Docker's legacy builder: what a RUN writes to stderr shows in red, each write wrapped.
                    out.stream(stream == StreamType.STDERR ? "\u001b[91m" + text + "\u001b[0m" : text);
                } catch (RuntimeException e) {
                    // The client went away (Ctrl-C on docker build): stop the step, as Docker cancels the build.
                    cancellation.cancel(CLIENT_GONE);
                }
            }

            @Override
            public void end() {
                drained.countDown();
            }
        };
        try (Attachment ignored = containers.attach(rec.id(), Set.of(StreamType.STDOUT, StreamType.STDERR), sink);
             AutoCloseable killer = cancellation.whenCancelled(() -> Thread.ofVirtual().start(() -> kill(rec)))) {
            var exit = containers.waitFor(rec.id(), WaitCondition.NEXT_EXIT);
            containers.start(rec.id());
            if (cancellation.cancelled()) {
                kill(rec); // cancelled while it was starting, before the listener could kill it
            }
            int code = exit.get();
            drained.await(10, TimeUnit.SECONDS);
            cancellation.throwIfCancelled();
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("build interrupted");
        } catch (ExecutionException e) {
            throw new EngineException("RUN container " + rec.shortId() + " failed: " + e.getCause().getMessage());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new EngineException("RUN container " + rec.shortId() + ": " + e.getMessage());
        }
    }

    /** Kills a RUN container that is (or is about to be) running; one already gone needs nothing. */
    private void kill(ContainerRecord rec) {
        try {
            containers.kill(rec.id(), "SIGKILL");
        } catch (RuntimeException e) {
            // not running (yet, or any more): the exit wait or the next step sees the cancellation
        }
    }
}
