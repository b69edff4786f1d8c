package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.OutputHub;
import dev.layerlab.runtime.stdio.ProcessIo;

import java.util.concurrent.CompletableFuture;

/** One {@code docker exec}: created, then started once, then exited with a code. */
public final class ExecSession {
    private final String id;
    private final String containerId;
    private final ExecConfig config;
    private final OutputHub hub = new OutputHub(null);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile ProcessIo io;
    private volatile int pid;
    private volatile boolean started;
    private volatile int[] terminalSize = {0, 0};
    private final java.time.Instant created;

    ExecSession(String id, String containerId, ExecConfig config, java.time.Instant created) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
        this.created = created;
    }

    /** Created and never started (its command and environment wait in memory). */
    boolean waiting() {
        return !started && !exit.isDone();
    }

    java.time.Instant created() {
        return created;
    }

    public String id() {
        return id;
    }

    public String containerId() {
        return containerId;
    }

    public ExecConfig config() {
        return config;
    }

    public OutputHub hub() {
        return hub;
    }

    /** Completes with the exit code once the process has exited and its output has drained. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public boolean running() {
        return started && !exit.isDone();
    }

    public int pid() {
        return pid;
    }

    public Integer exitCode() {
        return exit.isDone() ? exit.join() : null;
    }

    public boolean writeStdin(byte[] data, int length) {
        ProcessIo current = io;
        return current != null && config.attachStdin() && current.writeStdin(data, length);
    }

    public void closeStdin() {
        ProcessIo current = io;
        if (current != null) {
            current.closeStdin();
        }
    }

    public void resize(int rows, int cols) {
        terminalSize = new int[]{rows, cols};
        ProcessIo current = io;
        if (current != null) {
            current.resize(rows, cols);
        }
    }

    int[] terminalSize() {
        return terminalSize;
    }

    synchronized boolean markStarted() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    private boolean ended;

    /** Its process has ended (not reaped yet): {@link #kill} no longer signals its pid. */
    synchronized void ended() {
        ended = true;
    }

    /** SIGKILLs its process if it still runs (a healthcheck probe past its timeout). */
    synchronized void kill() {
        if (started && !ended && pid > 0) {
            dev.layerlab.runtime.sys.Syscalls.kill(pid, dev.layerlab.runtime.sys.Signals.SIGKILL);
        }
    }

    void running(int newPid, ProcessIo newIo) {
        pid = newPid;
        io = newIo;
    }
}
