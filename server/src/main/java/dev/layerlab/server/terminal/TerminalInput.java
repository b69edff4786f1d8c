package dev.layerlab.server.terminal;

import dev.layerlab.runtime.container.ExecSession;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes keystrokes to a terminal's pty on a thread of its own, so a shell that stops reading (a
 * long {@code sleep}, a huge paste) blocks this thread and never a web server thread. At most
 * {@link #MAX_PENDING} bytes wait; beyond that input is refused.
 */
final class TerminalInput {
    static final int MAX_PENDING = 1 << 20;
    private static final byte[] STOP = new byte[0];

    private final ExecSession exec;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    TerminalInput(String name, ExecSession exec) {
        this.exec = exec;
        this.thread = Thread.ofPlatform().name(name).daemon().stackSize(128 * 1024).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    enum Offer { ACCEPTED, TOO_MUCH_PENDING, STOPPED }

    Offer offer(byte[] data) {
        if (stopped) {
            return Offer.STOPPED;
        }
        if (pending.addAndGet(data.length) > MAX_PENDING) {
            pending.addAndGet(-data.length);
            return Offer.TOO_MUCH_PENDING;
        }
        queue.add(data);
        return Offer.ACCEPTED;
    }

    void stop() {
        stopped = true;
        queue.add(STOP);
    }

    private void run() {
        try {
            while (true) {
                byte[] data = queue.take();
                if (data == STOP) {
                    return;
                }
                pending.addAndGet(-data.length);
                exec.writeStdin(data, data.length); // false once the pty is gone: the exit follows
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
