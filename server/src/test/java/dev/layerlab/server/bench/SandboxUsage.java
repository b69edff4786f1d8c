package dev.layerlab.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What one sandbox's cgroup (v1 or v2, {@code layerlab/sb-<id>}) has used: CPU time, processes, peak memory. */
final class SandboxUsage {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private SandboxUsage() {
    }

    static boolean unified() {
        return Files.exists(ROOT.resolve("cgroup.controllers"));
    }

    private static Path dir(String controller, String sandboxId) {
        Path relative = Path.of("layerlab", "sb-" + sandboxId);
        return unified() ? ROOT.resolve(relative) : ROOT.resolve(controller).resolve(relative);
    }

    /** CPU time of every process of the sandbox so far. */
    static long cpuNanos(String sandboxId) throws IOException {
        if (unified()) {
            for (String line : Files.readAllLines(dir("cpu", sandboxId).resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring(11).trim()) * 1000;
                }
            }
            return 0;
        }
        return Long.parseLong(Files.readString(dir("cpuacct", sandboxId).resolve("cpuacct.usage")).trim());
    }

    static long pids(String sandboxId) throws IOException {
        return Long.parseLong(Files.readString(dir("pids", sandboxId).resolve("pids.current")).trim());
    }

    /** The most memory the sandbox used since the last {@link #resetMemoryPeak} (v1) or ever (v2). */
    static long memoryPeak(String sandboxId) throws IOException {
        Path file = dir("memory", sandboxId).resolve(unified() ? "memory.peak" : "memory.max_usage_in_bytes");
        return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : -1;
    }

    static void resetMemoryPeak(String sandboxId) throws IOException {
        if (!unified()) {
            Files.writeString(dir("memory", sandboxId).resolve("memory.max_usage_in_bytes"), "0");
        }
    }
}
