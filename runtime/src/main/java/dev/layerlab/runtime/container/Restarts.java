package dev.layerlab.runtime.container;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Restart policies carried out after each exit, as Docker's restart manager does: the exit is
 * recorded as restarting (the restart count grows) or as final, and a restart runs after the
 * container's back-off ({@link RestartBackoff}) unless it was stopped, started or removed meanwhile.
 */
final class Restarts implements ExitWatcher.Handler {
    /** Starts {@code c} again if its restart {@code generation} is still the current one. */
    interface Restarter {
        void restart(Container c, int generation);
    }

    private final Restarter restarter;
    private final Consumer<Container> afterFinalExit;
    private volatile boolean stopped;

    /** {@code afterFinalExit}: what follows an exit that is not restarted (--rm's removal). */
    Restarts(Restarter restarter, Consumer<Container> afterFinalExit) {
        this.restarter = restarter;
        this.afterFinalExit = afterFinalExit;
    }

    /** The engine is shutting down: no exit restarts from now on. */
    void stop() {
        stopped = true;
    }

    @Override
    public ContainerRecord recordAfterExit(Container c, int code, Instant at) {
        ContainerRecord rec = c.record();
        RestartBackoff backoff = c.restarts();
        Instant started = rec.state().startedAt();
        long delay = backoff.nextDelayMillis(started == null ? Duration.ZERO : Duration.between(started, at));
        if (stopped || backoff.cancelled() || !rec.config().restartPolicy().restartsAfter(code, rec.restartCount())) {
            return rec.withState(rec.state().exited(code, at, ""));
        }
        int generation = backoff.generation();
        // The wait holds no thread; the restart gets a thread of its own (runc and the mounts block).
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS,
                task -> Thread.ofPlatform().name("restart-" + rec.shortId()).daemon().start(task));
        later.execute(() -> restarter.restart(c, generation));
        return rec.withRestartCount(rec.restartCount() + 1).withState(rec.state().restarting(code, at));
    }

    @Override
    public void afterExit(Container c) {
        if (c.record().state().status() != Status.RESTARTING) {
            afterFinalExit.accept(c);
        }
    }
}
