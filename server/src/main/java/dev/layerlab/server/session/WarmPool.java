package dev.layerlab.server.session;

import dev.layerlab.runtime.error.ConflictException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sandboxes made ahead of time, so a new learner gets a prompt at once, and the cap on how many
 * sandboxes exist (in use + warm). Taking one starts making its replacement in the background.
 */
public final class WarmPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WarmPool.class.getName());

    /** Makes and removes sandboxes (the sandbox service); IDs only, so the pool is easy to test. */
    public interface Factory {
        String create() throws IOException;

        void delete(String id) throws IOException;
    }

    /** The server is at its sandbox limit. */
    public static final class FullException extends ConflictException {
        public FullException(int max) {
            super("all " + max + " sandboxes of this server are in use");
        }
    }

    private final Factory factory;
    private final int warmSize;
    private final int maxSandboxes;
    private final Deque<String> warm = new ArrayDeque<>();
    private int inUse;
    private int making;
    private boolean closed;

    public WarmPool(Factory factory, int warmSize, int maxSandboxes) {
        if (warmSize < 0 || maxSandboxes < 1) {
            throw new IllegalArgumentException("warm pool size must be >= 0 and the sandbox limit >= 1");
        }
        this.factory = factory;
        this.warmSize = warmSize;
        this.maxSandboxes = maxSandboxes;
    }

    /** Starts filling the pool in the background. */
    public void start() {
        refill();
    }

    /** A ready sandbox (warm if there is one, else made now); {@link FullException} at the limit. */
    public String take() throws IOException {
        String id;
        synchronized (this) {
            id = warm.pollFirst();
            if (id == null) {
                if (inUse + warm.size() + making >= maxSandboxes) {
                    throw new FullException(maxSandboxes);
                }
                making++;
            }
            inUse++;
        }
        if (id == null) {
            try {
                id = factory.create();
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    inUse--;
                }
                throw e;
            } finally {
                synchronized (this) {
                    making--;
                    notifyAll();
                }
            }
        }
        refill();
        return id;
    }

    /** Removes a sandbox that was taken (its learner left or idled out); the pool refills. */
    public void release(String id) {
        synchronized (this) {
            inUse--;
        }
        try {
            factory.delete(id);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "removing sandbox " + id + " failed", e);
        }
        refill();
    }

    public synchronized int warmCount() {
        return warm.size();
    }

    public synchronized int inUseCount() {
        return inUse;
    }

    public int maxSandboxes() {
        return maxSandboxes;
    }

    private void refill() {
        synchronized (this) {
            if (closed || warm.size() + making >= warmSize || inUse + warm.size() + making >= maxSandboxes) {
                return;
            }
            making++;
        }
        Thread.ofVirtual().name("warm-pool-fill").start(() -> {
            String id = null;
            try {
                id = factory.create();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "making a warm sandbox failed", e);
            }
            boolean keep;
            synchronized (this) {
                keep = id != null && !closed;
                if (keep) {
                    warm.addLast(id);
                }
            }
            if (id != null && !keep) {
                deleteQuietly(id); // made while closing: gone before close() returns
            }
            synchronized (this) {
                making--;
                notifyAll();
            }
            if (keep) {
                refill();
            }
        });
    }

    private void deleteQuietly(String id) {
        try {
            factory.delete(id);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "removing sandbox " + id + " failed", e);
        }
    }

    /**
     * Removes the warm sandboxes, after waiting (up to 30 s) for those being made, so none is left
     * behind at shutdown; taken ones belong to their sessions.
     */
    @Override
    public void close() {
        Deque<String> left;
        synchronized (this) {
            closed = true;
            left = new ArrayDeque<>(warm);
            warm.clear();
            long deadline = System.currentTimeMillis() + 30_000;
            while (making > 0 && System.currentTimeMillis() < deadline) {
                try {
                    wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        left.forEach(this::deleteQuietly);
    }
}
