package dev.layerlab.runtime.container;

/**
 * Limits of one space's containers (0 means "no limit"): per-container memory, pids and CPU share,
 * the log size kept, the stop timeout, how many containers may exist, the cgroup every
 * container goes under (a sandbox's own cgroup caps all of its containers together), and the
 * open-files limit (RLIMIT_NOFILE, soft = hard) of every process in them, execs included: lower than the
 * server's own, so that a container's sockets and files cannot use up the server's descriptors
 * (0: the process inherits the server's), and how fast the engine copies the output of all of them
 * together (bytes a second, 0: no bound; see {@link dev.layerlab.runtime.stdio.OutputBudget}).
 */
public record Limits(long memoryBytes, long pidsLimit, long cpuShares, long logMaxBytes, int stopTimeoutSeconds,
                     int maxContainers, String cgroupParent, long openFiles, long outputBytesPerSecond) {
    public static final Limits DEFAULT = new Limits(512L << 20, 512, 0, 10L << 20, 10, 0, "/layerlab", 1024, 0);

    public Limits(long memoryBytes, long pidsLimit, long cpuShares, long logMaxBytes, int stopTimeoutSeconds,
                  int maxContainers, String cgroupParent, long openFiles) {
        this(memoryBytes, pidsLimit, cpuShares, logMaxBytes, stopTimeoutSeconds, maxContainers, cgroupParent, openFiles, 0);
    }

    public Limits withContainerCap(int max, String parent) {
        return new Limits(memoryBytes, pidsLimit, cpuShares, logMaxBytes, stopTimeoutSeconds, max, parent, openFiles,
                outputBytesPerSecond);
    }

    public Limits withOutputRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("output rate must be >= 0, not " + bytesPerSecond);
        }
        return new Limits(memoryBytes, pidsLimit, cpuShares, logMaxBytes, stopTimeoutSeconds, maxContainers, cgroupParent,
                openFiles, bytesPerSecond);
    }

    public Limits withOpenFiles(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("open-files limit must be >= 0, not " + limit);
        }
        return new Limits(memoryBytes, pidsLimit, cpuShares, logMaxBytes, stopTimeoutSeconds, maxContainers, cgroupParent, limit,
                outputBytesPerSecond);
    }
}
