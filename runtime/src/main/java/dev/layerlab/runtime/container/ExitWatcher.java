package dev.layerlab.runtime.container;

import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.stdio.ProcessIo;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for a container's process to end and does what follows: drain its output, forget it in
 * runc, unmount its overlay, release its network, record the exit code and answer its waiters.
 */
final class ExitWatcher {
    private static final Logger LOG = Logger.getLogger(ExitWatcher.class.getName());
    private static final long DRAIN_MILLIS = 2000;

    private final ContainerStore store;
    private final Runc runc;
    private final Snapshotter snapshots;
    private final Clock clock;
    private final ContainerEvents events;
    private final java.util.function.Function<String, java.util.List<NetworkAttacher.Joined>> networksOf;

    ExitWatcher(ContainerStore store, Runc runc, Snapshotter snapshots, Clock clock, ContainerEvents events,
                java.util.function.Function<String, java.util.List<NetworkAttacher.Joined>> networksOf) {
        this.events = events;
        this.networksOf = networksOf;
        this.store = store;
        this.runc = runc;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    /** What follows an exit: the record it leaves, then whatever comes after (a restart, --rm's removal). */
    interface Handler {
        /** The record after an exit with {@code code} at {@code at}; called holding the container's monitor. */
        ContainerRecord recordAfterExit(Container c, int code, Instant at);

        /** Called once the exit is recorded and its waiters answered, holding no lock. */
        void afterExit(Container c);
    }

    /** Watches on its own thread; {@code handler} decides what the exit leaves and what follows. */
    void watch(Container c, int pid, ProcessIo io, NetworkAttacher.Attached network, Handler handler) {
        Thread.ofPlatform().name("exit-" + c.record().shortId()).daemon().stackSize(256 * 1024).start(() -> {
            Syscalls.awaitExitWithoutReaping(pid);
            synchronized (c) {
                // From here the pid is never signalled again, so reaping it cannot hit a reused pid.
                c.exiting(true);
            }
            int code = Syscalls.waitForExit(pid);
            io.finish(DRAIN_MILLIS);
            c.hub().endAll();
            cleanUp(c);
            Launcher.release(network);
            synchronized (c) {
                c.io(null);
                c.exiting(false);
                store.save(c, handler.recordAfterExit(c, code, clock.instant()));
                ContainerRecord after = c.record(); // published before waiters learn of the exit
                events.publish(after, "die", java.util.Map.of("exitCode", String.valueOf(code)));
                events.disconnected(after, networksOf.apply(after.id()));
                events.unmounted(after);
                c.exited(code);
            }
            handler.afterExit(c);
        });
    }

    private void cleanUp(Container c) {
        try {
            runc.delete(c.id(), true);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "runc delete " + c.record().shortId() + ": " + e.getMessage());
        }
        try {
            snapshots.unmount(snapshots.fsOf(c.id()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "unmount " + c.record().shortId() + ": " + e.getMessage());
        }
    }
}
