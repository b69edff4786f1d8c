package dev.layerlab.runtime.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the sandboxes' memory limits, added up, within the host's physical memory times the operator's
 * overcommit factor: a sandbox that would go beyond it is refused before anything of it is made.
 */
final class MemoryBudget {
    private final long totalBytes;
    private long reserved;

    /** {@code totalBytes}: what all sandboxes together may be promised (0 or less: no bound). */
    MemoryBudget(long totalBytes) {
        this.totalBytes = totalBytes;
    }

    /** The budget of this host: {@code MemTotal} of /proc/meminfo times {@code overcommit}. */
    static MemoryBudget ofHost(double overcommit) {
        return new MemoryBudget(overcommit <= 0 ? 0 : (long) (hostMemoryBytes() * overcommit));
    }

    /** How many sandboxes of {@code sandboxBytes} fit in the whole budget. */
    int capacity(long sandboxBytes) {
        return totalBytes <= 0 || sandboxBytes <= 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, totalBytes / sandboxBytes);
    }

    /** Reserves a sandbox's memory; refused ({@link SandboxCapacityException}) when it does not fit. */
    synchronized void reserve(long bytes) {
        if (totalBytes > 0 && reserved + bytes > totalBytes) {
            throw new SandboxCapacityException("this server cannot promise another sandbox " + (bytes >> 20) + " MiB: its "
                    + capacity(bytes) + " sandboxes' memory limits already fill " + (totalBytes >> 20)
                    + " MiB (physical memory times the memory overcommit setting)");
        }
        reserved += bytes;
    }

    synchronized void release(long bytes) {
        reserved = Math.max(0, reserved - bytes);
    }

    synchronized long reserved() {
        return reserved;
    }

    static long hostMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: the JVM's own view
        }
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
