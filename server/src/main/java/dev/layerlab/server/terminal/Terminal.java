package dev.layerlab.server.terminal;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.ExecSession;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.stdio.StreamType;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One interactive shell with a pty, exec'd in a sandbox's host container ({@link Kind#HOST}: a
 * login bash in /root) or in one of its learner containers ({@link Kind#CONTAINER}: bash if the
 * image has it, else sh, as {@code docker exec -it}). The shell outlives its viewers: it runs with
 * no client attached and keeps the last {@link #SCROLLBACK_BYTES} of output, which every client
 * gets first when it attaches. Any number of clients may attach, all see the output, all may type;
 * the last resize wins. When the shell exits, the clients are told and {@code onExit} runs.
 */
public final class Terminal {
    public enum Kind { HOST, CONTAINER }

    public static final int SCROLLBACK_BYTES = 256 * 1024;
    public static final int MAX_SIZE = 1000;
    static final List<String> ENV = List.of("TERM=xterm-256color", "LANG=C.UTF-8");
    static final List<String> CONTAINER_SHELL = List.of("sh", "-c", "command -v bash >/dev/null && exec bash || exec sh");
    private static final int SIGHUP = 1;
    private static final int SIGKILL = 9;

    private final String id;
    private final Kind kind;
    private final ExecSession exec;
    private final TerminalInput input;
    private final Consumer<Terminal> onExit;
    private final Runnable onInput;
    private final Scrollback scrollback = new Scrollback(SCROLLBACK_BYTES);
    /** Changed under the lock; copy-on-write so that a client detaching while output is delivered is harmless. */
    private final List<TerminalClient> clients = new CopyOnWriteArrayList<>();
    private volatile Integer exitCode;
    private volatile int cols = 80;
    private volatile int rows = 24;

    private Terminal(String id, Kind kind, ExecSession exec, Consumer<Terminal> onExit, Runnable onInput) {
        this.id = id;
        this.kind = kind;
        this.exec = exec;
        this.onExit = onExit;
        this.onInput = onInput;
        this.input = new TerminalInput("terminal-in-" + id.substring(0, 8), exec);
    }

    /**
     * Starts the shell in {@code containerRef} of {@code space}; {@code onExit} runs once it has exited,
     * {@code onInput} whenever something is typed (the learner is active).
     */
    static Terminal start(String id, Kind kind, Space space, String containerRef, Consumer<Terminal> onExit,
                          Runnable onInput) throws IOException {
        ExecConfig config = kind == Kind.HOST
                ? new ExecConfig(List.of("bash", "-l"), ENV, "", "/root", true, true, true, true)
                : new ExecConfig(CONTAINER_SHELL, ENV, "", "", true, true, true, true);
        ExecSession exec = space.execs().create(containerRef, config);
        Terminal t = new Terminal(id, kind, exec, onExit, onInput);
        exec.resize(t.rows, t.cols);
        space.execs().start(exec.id(), (stream, data, length) -> t.output(stream, data, length));
        t.input.start();
        exec.exit().whenComplete((code, error) -> t.exited(code == null ? -1 : code));
        return t;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The full id of the container the shell runs in. */
    public String containerId() {
        return exec.containerId();
    }

    public boolean running() {
        return exitCode == null;
    }

    /** The shell's exit code, or null while it runs. */
    public Integer exitCode() {
        return exitCode;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public synchronized int clientCount() {
        return clients.size();
    }

    /** The scrollback as it is now (raw bytes starting at a character boundary). */
    public synchronized byte[] screen() {
        return scrollback.snapshot();
    }

    /**
     * Sends {@code client} the scrollback, then every later output; a client attaching after the
     * exit gets the scrollback and the exit.
     */
    public synchronized void attach(TerminalClient client) {
        byte[] screen = scrollback.snapshot();
        if (screen.length > 0 && !client.output(screen)) {
            return;
        }
        if (exitCode != null) {
            client.exited(exitCode);
            return;
        }
        clients.add(client);
    }

    public synchronized void detach(TerminalClient client) {
        clients.remove(client);
    }

    /** Types {@code data} (UTF-8 bytes, control characters included) into the shell. */
    public void input(byte[] data) {
        switch (input.offer(data)) {
            case ACCEPTED -> onInput.run();
            case STOPPED -> throw new ConflictException("the shell has exited");
            case TOO_MUCH_PENDING -> throw new ConflictException(
                    "input refused: the shell is not reading it (" + TerminalInput.MAX_PENDING / 1024 + " KiB waiting)");
        }
    }

    /** Resizes the pty (the shell gets SIGWINCH); both in 1..{@value #MAX_SIZE}. */
    public void resize(int newCols, int newRows) {
        if (newCols < 1 || newCols > MAX_SIZE || newRows < 1 || newRows > MAX_SIZE) {
            throw new InvalidArgumentException("terminal size " + newCols + "x" + newRows
                    + " out of range: cols and rows must be 1.." + MAX_SIZE);
        }
        cols = newCols;
        rows = newRows;
        try {
            exec.resize(newRows, newCols);
        } catch (IllegalStateException e) {
            // The pty just closed: the shell is exiting.
        }
    }

    /** Hangs the shell up (SIGHUP, as closing a terminal window does), SIGKILL if it is still there 2 s later. */
    public void kill() {
        signal(SIGHUP);
        CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(() -> signal(SIGKILL));
    }

    private void signal(int signal) {
        // The exec's pid is reaped just before its exit completes; the window is the output drain.
        if (exec.exit().isDone() || exec.pid() <= 0) {
            return;
        }
        try {
            Syscalls.kill(exec.pid(), signal);
        } catch (IllegalStateException e) {
            // Not ours to signal any more.
        }
    }

    /** The engine's output sink: never throws, or the engine would drop it and the terminal go blind. */
    private synchronized void output(StreamType stream, byte[] data, int length) {
        try {
            scrollback.append(data, 0, length);
            if (clients.isEmpty()) {
                return;
            }
            byte[] copy = Arrays.copyOf(data, length); // the pump reuses its buffer
            for (TerminalClient c : clients) {
                if (!deliver(c, copy)) {
                    clients.remove(c);
                }
            }
        } catch (RuntimeException e) {
            // a bug in one client must not stop the others or the scrollback
        }
    }

    private static boolean deliver(TerminalClient client, byte[] data) {
        try {
            return client.output(data);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void exited(int code) {
        List<TerminalClient> told;
        synchronized (this) {
            exitCode = code;
            told = List.copyOf(clients);
            clients.clear();
        }
        input.stop();
        try {
            onExit.accept(this);
        } finally {
            for (TerminalClient c : told) {
                try {
                    c.exited(code);
                } catch (RuntimeException e) {
                    // a client gone already
                }
            }
        }
    }

    @Override
    public String toString() {
        return "terminal " + id + " (" + kind.name().toLowerCase() + " " + containerId().substring(0, 12) + ")";
    }
}
