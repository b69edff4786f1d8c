package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.ContainerLog;
import dev.layerlab.runtime.stdio.OutputHub;
import dev.layerlab.runtime.stdio.ProcessIo;

import java.util.concurrent.CompletableFuture;

/**
 * A live container: its persisted record plus what exists only while the engine runs (the current
 * process's stdio, attached clients, exit notifications). Guarded by its own monitor.
 */
public final class Container {
    private ContainerRecord record;
    private final OutputHub hub = new OutputHub();
    private final ContainerLog log;
    private ProcessIo io;
    private CompletableFuture<Integer> nextExit = new CompletableFuture<>();
    private final CompletableFuture<Integer> removed = new CompletableFuture<>();

    Container(ContainerRecord record, ContainerLog log) {
        this.record = record;
        this.log = log;
        hub.add(log);
    }

    public synchronized ContainerRecord record() {
        return record;
    }

    synchronized void update(ContainerRecord next) {
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

    synchronized ProcessIo io() {
        return io;
    }

    synchronized void io(ProcessIo next) {
        io = next;
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

    CompletableFuture<Integer> removedFuture() {
        return removed;
    }
}
