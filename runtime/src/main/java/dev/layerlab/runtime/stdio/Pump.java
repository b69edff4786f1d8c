package dev.layerlab.runtime.stdio;

import dev.layerlab.runtime.sys.Fd;

import java.io.IOException;

/** Copies one output fd of a process into a hub on its own thread until end of stream. */
public final class Pump {
    private final Thread thread;

    private Pump(Thread thread) {
        this.thread = thread;
    }

    /** Copies {@code source} into {@code hub}, as fast as {@code budget} allows. */
    public static Pump start(String name, Fd source, StreamType stream, OutputHub hub, OutputBudget budget) {
        Thread t = Thread.ofPlatform().name(name).daemon().stackSize(256 * 1024).unstarted(() -> {
            byte[] buf = new byte[32 * 1024];
            try (source) {
                int n;
                while ((n = source.read(buf)) > 0) {
                    budget.spend(OutputBudget.costOf(buf, n));
                    hub.publish(stream, buf, n);
                }
            } catch (IOException e) {
                // The fd broke: the process's output is over either way.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return new Pump(t);
    }

    /** Waits up to {@code millis} for the stream to drain; false if output is still open (a child holds it). */
    public boolean await(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
