package dev.layerlab.runtime.stdio;

/**
 * How fast the engine copies one sandbox's process output (container logs, attached clients,
 * exec and terminal output): a token bucket, shared by every pump of the sandbox, holding one second
 * of output. A pump over budget waits before it reads on, so the process's pipe fills and its writes
 * block: a flood slows the flooding sandbox down instead of burning the server's CPU for everybody.
 */
public final class OutputBudget {
    public static final OutputBudget UNLIMITED = new OutputBudget(0);
    /**
     * What a line costs beyond its bytes: the json-file log writes each as an object with its stream and
     * a timestamp (~60 bytes more), and the engine's work is per line as much as per byte. Charged so that
     * a flood of short lines ({@code yes}) is held to about the budget's bytes on disk and its CPU.
     */
    static final int LINE_COST = 64;

    private final long bytesPerSecond;
    private long available;
    private long refilledAt = System.nanoTime();

    /** {@code bytesPerSecond} 0: no bound. */
    public OutputBudget(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("output rate must be >= 0, not " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.available = bytesPerSecond;
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** The budget's charge for {@code n} bytes of output in {@code buf}: the bytes plus {@link #LINE_COST} a line. */
    public static long costOf(byte[] buf, int n) {
        long lines = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                lines++;
            }
        }
        return n + lines * LINE_COST;
    }

    /** Spends {@code n} bytes, first waiting as long as the budget is overdrawn. */
    public void spend(long n) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            available = Math.min(bytesPerSecond, available + (now - refilledAt) * bytesPerSecond / 1_000_000_000L);
            refilledAt = now;
            available -= n;
            waitNanos = available >= 0 ? 0 : -available * 1_000_000_000L / bytesPerSecond;
        }
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
