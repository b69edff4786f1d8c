package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.ContainerLog;
import dev.layerlab.runtime.stdio.OutputHub;
import dev.layerlab.runtime.stdio.ProcessIo;

import java.util.concurrent.CompletableFuture;

/**
 * A live container: its persisted record plus what exists only while the engine runs (the current
 * process's stdio, attached clients, exit notifications). Guarded by its own monitor, except its record:
 * an immutable value behind a volatile reference, read without the monitor, so that the store (which reads
 * records under its own lock, to find a container by name) never waits for a container's monitor while a
 * holder of that monitor waits for the store (a freeze pausing the container against a concurrent unpause).
 * Read-modify-write of the record still happens under the monitor.
 */
public final class Container {
    private volatile ContainerRecord record;
    private final OutputHub hub;
    private final ContainerLog log;
    private ProcessIo io;
    private boolean exiting;
    private final java.io.ByteArrayOutputStream pendingStdin = new java.io.ByteArrayOutputStream();
    private boolean closeStdinOnStart;
    private int[] terminalSize = {0, 0};
    /** Engine reads or writes of its files under way while it is frozen (see ContainerService.freeze). */
    private int frozenHolds;
    private boolean frozenByEngine;
    private static final int MAX_PENDING_STDIN = 64 * 1024;
    private final RestartBackoff restarts = new RestartBackoff();
    private CompletableFuture<Integer> nextExit = new CompletableFuture<>();
    private final CompletableFuture<Integer> removed = new CompletableFuture<>();
    private Health health;

    Container(ContainerRecord record, ContainerLog log) {
        this.record = record;
        this.log = log;
        this.hub = new OutputHub(log);
    }

    public ContainerRecord record() {
        return record;
    }

    void update(ContainerRecord next) {
        record = next;
    }

    public String id() {
        return record().id();
    }

    public OutputHub hub() {
        return hub;
    }

    public ContainerLog log() {
        return log;
    }

    synchronized int frozenHolds() {
        return frozenHolds;
    }

    synchronized void hold(boolean engineFroze) {
        frozenHolds++;
        frozenByEngine |= engineFroze;
    }

    /** Releases one hold; true if it was the last and the engine (not the learner) froze it. */
    synchronized boolean release() {
        frozenHolds--;
        boolean thaw = frozenHolds == 0 && frozenByEngine;
        if (frozenHolds == 0) {
            frozenByEngine = false;
        }
        return thaw;
    }

    synchronized ProcessIo io() {
        return io;
    }

    synchronized void io(ProcessIo next) {
        io = next;
    }

    /** The last size a client asked for: the next start's terminal opens at this size. */
    synchronized int[] terminalSize() {
        return terminalSize.clone();
    }

    synchronized void terminalSize(int rows, int cols) {
        terminalSize = new int[]{rows, cols};
    }

    synchronized boolean bufferStdin(byte[] data, int length) {
        if (pendingStdin.size() + length > MAX_PENDING_STDIN) {
            return false;
        }
        pendingStdin.write(data, 0, length);
        return true;
    }

    synchronized void closeStdinOnStart() {
        closeStdinOnStart = true;
    }

    /** Hands input typed before the start to the new process. */
    synchronized void deliverPendingStdin() {
        if (io == null) {
            return;
        }
        if (pendingStdin.size() > 0) {
            io.writeStdin(pendingStdin.toByteArray(), pendingStdin.size());
            pendingStdin.reset();
        }
        if (closeStdinOnStart) {
            io.closeStdin();
            closeStdinOnStart = false;
        }
    }

    /** Its restart policy's back-off and whether the next exit may restart; guarded by this monitor. */
    RestartBackoff restarts() {
        return restarts;
    }

    /** True between the process's end and the end of exit handling: its pid must not be signalled. */
    synchronized boolean exiting() {
        return exiting;
    }

    synchronized void exiting(boolean value) {
        exiting = value;
    }

    /** Completes when the current (or next) run ends, with its exit code. */
    synchronized CompletableFuture<Integer> nextExit() {
        return nextExit;
    }

    /** Called once a run has ended: answers its waiters and arms the next run's future. */
    synchronized void exited(int code) {
        CompletableFuture<Integer> done = nextExit;
        nextExit = new CompletableFuture<>();
        done.complete(code);
    }

    /** Its healthcheck's state ({@link Healthchecks}), null without one; kept in memory only. */
    synchronized Health health() {
        return health;
    }

    synchronized void health(Health next) {
        health = next;
    }

    CompletableFuture<Integer> removedFuture() {
        return removed;
    }
}
