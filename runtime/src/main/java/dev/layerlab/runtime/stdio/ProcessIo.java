package dev.layerlab.runtime.stdio;

import dev.layerlab.runtime.runc.RuncIo;
import dev.layerlab.runtime.sys.ConsoleSocket;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Syscalls;
import dev.layerlab.runtime.sys.Terminals;

import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stdio of one started process, held by the engine itself: pipes for stdin/stdout/stderr, or a
 * pty master received from runc. Lifecycle: {@link #prepare} before runc starts the process,
 * {@link #started} after (pumps begin), {@link #abandon} if runc failed.
 */
public final class ProcessIo {
    private final boolean tty;
    private final String name;
    private final List<Fd> childEnds = new ArrayList<>();
    private final List<Pump> pumps = new ArrayList<>();
    private Fd stdin;
    private Fd stdoutRead;
    private Fd stderrRead;
    private ConsoleSocket console;
    private Fd master;
    private RuncIo runcIo;

    private ProcessIo(String name, boolean tty) {
        this.name = name;
        this.tty = tty;
    }

    /** Sets up the fds (or console socket at {@code consolePath}) runc will hand to the process. */
    public static ProcessIo prepare(String name, boolean tty, boolean openStdin, Path consolePath) throws IOException {
        return prepare(name, tty, openStdin, consolePath, IdRange.NONE);
    }

    /**
     * {@link #prepare(String, boolean, boolean, Path)} for a process of a user namespace with {@code ids}:
     * its pipes belong to the namespace's root, so that it may open them again by name
     * ({@code /dev/stderr}, {@code /proc/self/fd/2}: nginx's logs), as under Docker.
     */
    public static ProcessIo prepare(String name, boolean tty, boolean openStdin, Path consolePath, IdRange ids)
            throws IOException {
        ProcessIo io = new ProcessIo(name, tty);
        Fd[] in = Syscalls.pipe();
        io.childEnds.add(in[0]);
        if (openStdin && !tty) {
            io.stdin = in[1];
        } else {
            in[1].close(); // the process reads end of file at once, as from /dev/null
        }
        if (tty) {
            io.console = ConsoleSocket.listen(consolePath);
            io.runcIo = new RuncIo.Terminal(consolePath, in[0]);
        } else {
            Fd[] out = Syscalls.pipe();
            Fd[] err = Syscalls.pipe();
            io.stdoutRead = out[0];
            io.stderrRead = err[0];
            io.childEnds.add(out[1]);
            io.childEnds.add(err[1]);
            io.runcIo = new RuncIo.Pipes(in[0], out[1], err[1]);
        }
        if (!ids.isIdentity()) {
            for (Fd end : io.childEnds) {
                end.chown(ids.outside(0), ids.outside(0));
            }
        }
        return io;
    }

    public RuncIo runcIo() {
        return runcIo;
    }

    public boolean tty() {
        return tty;
    }

    /** runc has started the process: drop our copies of its ends and start copying output into {@code hub}. */
    public synchronized void started(OutputHub hub, OutputBudget budget) throws IOException {
        closeChildEnds();
        if (tty) {
            try {
                master = console.receiveMaster();
            } finally {
                console.close();
            }
            stdin = master;
            // The pump owns (and closes) its own copy, so the master stays usable for stdin and resize.
            pumps.add(Pump.start(name + "-tty", Syscalls.dup(master), StreamType.STDOUT, hub, budget));
        } else {
            pumps.add(Pump.start(name + "-stdout", stdoutRead, StreamType.STDOUT, hub, budget));
            pumps.add(Pump.start(name + "-stderr", stderrRead, StreamType.STDERR, hub, budget));
        }
    }

    /** runc failed: close everything; nothing was started. */
    public synchronized void abandon() {
        closeChildEnds();
        for (Fd fd : new Fd[]{stdin, stdoutRead, stderrRead, master}) {
            if (fd != null) {
                fd.close();
            }
        }
        if (console != null) {
            try {
                console.close();
            } catch (IOException ignored) {
                // the socket file goes with the container directory anyway
            }
        }
    }

    /** Writes to the process's stdin (or terminal); false if it has none or it is closed. */
    public boolean writeStdin(byte[] data, int length) {
        Fd target;
        synchronized (this) {
            target = stdin;
        }
        if (target == null || target.isClosed()) {
            return false;
        }
        try {
            target.write(data, 0, length);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes stdin so the process reads end of file (for a terminal: sends ^D, as a typed EOF). */
    public synchronized void closeStdin() {
        if (tty) {
            writeStdin(new byte[]{4}, 1);
        } else if (stdin != null) {
            stdin.close();
        }
    }

    public synchronized void resize(int rows, int cols) {
        if (!tty) {
            return;
        }
        if (master != null && !master.isClosed()) {
            Terminals.resize(master, rows, cols);
        }
    }

    /** After the process exited: waits for output to drain (bounded), then closes what is left. */
    public void finish(long drainMillis) {
        long deadline = System.currentTimeMillis() + drainMillis;
        for (Pump p : pumps) {
            p.await(Math.max(1, deadline - System.currentTimeMillis()));
        }
        synchronized (this) {
            if (stdin != null && stdin != master) {
                stdin.close();
            }
            if (master != null) {
                master.close();
            }
        }
    }

    private void closeChildEnds() {
        childEnds.forEach(Fd::close);
        childEnds.clear();
    }
}
