package dev.layerlab.runtime.network;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Opens sockets inside one network namespace without a helper process. A socket belongs to the
 * namespace of the thread that created it, for life, and a namespace belongs to an OS thread, so
 * one dedicated platform thread (never a virtual thread, whose carrier changes) enters the
 * namespace once and creates sockets on request. Binding, connecting and I/O then work from any
 * thread. The same thread can start processes that must be born in the namespace.
 */
public final class NetnsSockets implements AutoCloseable {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final FutureTask<Void> STOP = new FutureTask<>(() -> null);

    private final Path netnsPath;
    private final LinkedBlockingQueue<FutureTask<?>> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> entered = new CompletableFuture<>();
    private final List<AutoCloseable> dependents = new CopyOnWriteArrayList<>();
    /**
     * Connections the engine relays for this namespace at once (published ports): each costs the
     * server two descriptors, so one sandbox's processes must not take them all.
     */
    private final java.util.concurrent.Semaphore relayedConnections = new java.util.concurrent.Semaphore(MAX_RELAYED);
    private boolean closed;

    /** Connections relayed at once for one sandbox's published ports; beyond it new ones are closed at once. */
    public static final int MAX_RELAYED = 256;

    private NetnsSockets(Path netnsPath) {
        this.netnsPath = netnsPath;
    }

    /** Starts the thread and returns once it is inside {@code netnsPath}; fails if it cannot get there. */
    public static NetnsSockets enter(Path netnsPath) {
        NetnsSockets sockets = new NetnsSockets(netnsPath);
        Thread.ofPlatform().daemon(true).name("netns-" + netnsPath.getFileName()).start(sockets::serve);
        try {
            sockets.entered.get();
        } catch (ExecutionException e) {
            throw new EngineException("cannot enter network namespace " + netnsPath + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sockets.close();
            throw new EngineException("interrupted while entering " + netnsPath, e);
        }
        return sockets;
    }

    public Path netnsPath() {
        return netnsPath;
    }

    /** Takes one of the namespace's relayed-connection permits; false if all are in use. */
    public boolean tryRelay() {
        return relayedConnections.tryAcquire();
    }

    /** Gives back a permit {@link #tryRelay} took. */
    public void relayEnded() {
        relayedConnections.release();
    }

    /** A TCP listener socket (dual-stack capable), unbound, in the namespace. */
    public ServerSocketChannel openServerSocket() throws IOException {
        return call(ServerSocketChannel::open);
    }

    /** An unconnected TCP socket in the namespace. */
    public SocketChannel openSocket() throws IOException {
        return call(SocketChannel::open);
    }

    /** Runs {@code task} on the thread inside the namespace and returns its result. */
    public <T> T call(Callable<T> task) throws IOException {
        FutureTask<T> future = new FutureTask<>(task);
        synchronized (this) {
            if (closed) {
                throw new IOException("network namespace " + netnsPath + " is no longer served (closed)");
            }
            tasks.add(future);
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new EngineException(e.getCause().toString(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + netnsPath, e);
        }
    }

    /** Closes {@code dependent} when this closes, so nothing outlives its sandbox's network. */
    void closeWithThis(AutoCloseable dependent) {
        dependents.add(dependent);
    }

    void forget(AutoCloseable dependent) {
        dependents.remove(dependent);
    }

    /** Closes dependents and ends the thread; sockets already made keep working until closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            tasks.add(STOP); // after every task already queued, so none is left waiting forever
        }
        for (AutoCloseable d : dependents) {
            try {
                d.close();
            } catch (Exception ignored) {
                // Best effort: one dependent failing to close must not keep the others open.
            }
        }
        dependents.clear();
    }

    private void serve() {
        try {
            enterNamespace();
        } catch (Throwable e) {
            // Never run a task here: it would silently happen in the wrong (root) namespace.
            entered.completeExceptionally(e);
            synchronized (this) {
                closed = true;
            }
            tasks.forEach(t -> t.cancel(false));
            return;
        }
        entered.complete(null);
        while (true) {
            FutureTask<?> task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                continue; // only close() ends this thread
            }
            if (task == STOP) {
                return;
            }
            task.run();
        }
    }

    private void enterNamespace() throws IOException {
        int fd;
        try {
            fd = LibC.INSTANCE.open(netnsPath.toString(), O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open " + netnsPath + ": " + Syscalls.describe(e));
        }
        try {
            LibC.INSTANCE.setns(fd, Netns.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IOException("setns " + netnsPath + ": " + Syscalls.describe(e));
        } finally {
            LibC.INSTANCE.close(fd);
        }
        // Check where we are rather than trust it: a mistake here would expose the host's namespace.
        Object inode = Files.getAttribute(netnsPath, "unix:ino");
        String here = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        if (!here.equals("net:[" + inode + "]")) {
            throw new IOException("thread is in " + here + ", not in " + netnsPath + " (inode " + inode + ")");
        }
    }
}
