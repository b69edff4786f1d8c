package dev.layerlab.runtime.container;

/**
 * Limits of one space's containers (0 means "no limit"): per-container memory, pids and CPU share,
 * the log size kept, the stop timeout, how many containers may exist, and the cgroup every
 * container goes under (a sandbox's own cgroup caps all of its containers together).
 */
public record Limits(long memoryBytes, long pidsLimit, long cpuShares, long logMaxBytes, int stopTimeoutSeconds,
                     int maxContainers, String cgroupParent) {
    public static final Limits DEFAULT = new Limits(512L << 20, 512, 0, 10L << 20, 10, 0, "/layerlab");

    public Limits withContainerCap(int max, String parent) {
        return new Limits(memoryBytes, pidsLimit, cpuShares, logMaxBytes, stopTimeoutSeconds, max, parent);
    }
}
