package dev.layerlab.runtime.sys;

/** Waiting for the short-lived platform threads that do per-thread kernel work (namespaces, file ids). */
public final class Threads {
    private Threads() {
    }

    /** Joins {@code thread}, keeping (not losing) an interrupt that arrives meanwhile. */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
