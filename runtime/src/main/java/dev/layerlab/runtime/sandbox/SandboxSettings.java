package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.SpaceQuotas;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.network.Cidr;

import java.nio.file.Path;
import java.util.List;

/**
 * Operator settings for sandboxes.
 *
 * @param socketRoot      where each sandbox's API socket directory is made (short: unix socket paths are limited)
 * @param dockerCli       the docker CLI binary put into the sandbox image
 * @param containerLimits per-container defaults inside a sandbox
 * @param memoryBytes     memory of all of a sandbox's containers together, host included
 * @param pidsLimit       processes of a sandbox together
 * @param cpuShares       CPU share of a sandbox (cgroup v1 shares; 1024 is one normal share)
 * @param maxContainers   containers one sandbox may have at once (running or not)
 * @param outboundNat     whether sandboxes reach the internet
 * @param quotas          volumes, tags, execs and builds one sandbox may have, and how long a build may run
 * @param memoryOvercommit the sandboxes' memory limits together stay within the host's physical memory times
 *                        this (0: no such bound)
 * @param allowEgress     ranges sandboxes may reach although they are not the public internet (private,
 *                        the host's LAN, ...), which are closed otherwise
 * @param diskBytes       the disk quota of one sandbox: the size of its own disk (its containers' writable
 *                        layers, volumes, logs, build temporaries) and the bound of that plus its own images
 */
public record SandboxSettings(Path socketRoot, Path dockerCli, Limits containerLimits, long memoryBytes,
                              long pidsLimit, long cpuShares, int maxContainers, boolean outboundNat,
                              SpaceQuotas quotas, double memoryOvercommit, List<Cidr> allowEgress, long diskBytes) {
    public static final double DEFAULT_MEMORY_OVERCOMMIT = 1.5;
    public static final long DEFAULT_DISK_BYTES = 5120L << 20;
    /** The smallest sandbox disk: the sandbox host's own writes (shell history, edited files) need some room. */
    public static final long MIN_DISK_BYTES = 32L << 20;

    public SandboxSettings {
        if (memoryOvercommit < 0) {
            throw new IllegalArgumentException("memory overcommit must be >= 0");
        }
        allowEgress = List.copyOf(allowEgress);
        requireDiskSize(diskBytes);
    }

    /** Settings with the default disk quota. */
    public SandboxSettings(Path socketRoot, Path dockerCli, Limits containerLimits, long memoryBytes,
                           long pidsLimit, long cpuShares, int maxContainers, boolean outboundNat,
                           SpaceQuotas quotas, double memoryOvercommit, List<Cidr> allowEgress) {
        this(socketRoot, dockerCli, containerLimits, memoryBytes, pidsLimit, cpuShares, maxContainers, outboundNat,
                quotas, memoryOvercommit, allowEgress, DEFAULT_DISK_BYTES);
    }

    /** Settings that open nothing beyond the public internet, with the default disk quota. */
    public SandboxSettings(Path socketRoot, Path dockerCli, Limits containerLimits, long memoryBytes,
                           long pidsLimit, long cpuShares, int maxContainers, boolean outboundNat,
                           SpaceQuotas quotas, double memoryOvercommit) {
        this(socketRoot, dockerCli, containerLimits, memoryBytes, pidsLimit, cpuShares, maxContainers, outboundNat,
                quotas, memoryOvercommit, List.of());
    }

    /** Settings with the default quotas and memory overcommit, opening nothing beyond the public internet. */
    public SandboxSettings(Path socketRoot, Path dockerCli, Limits containerLimits, long memoryBytes,
                           long pidsLimit, long cpuShares, int maxContainers, boolean outboundNat) {
        this(socketRoot, dockerCli, containerLimits, memoryBytes, pidsLimit, cpuShares, maxContainers, outboundNat,
                SpaceQuotas.SANDBOX_DEFAULTS, DEFAULT_MEMORY_OVERCOMMIT);
    }

    public static SandboxSettings defaults() {
        return new SandboxSettings(Path.of("/run/layerlab/sandboxes"), Path.of("/var/cache/layerlab/docker-cli/docker"),
                Limits.DEFAULT.withOutputRate(DEFAULT_OUTPUT_BYTES_PER_SECOND), 2L << 30, 1024, 1024, 30, true);
    }

    /** How fast a sandbox's process output is copied out (logs, attached clients, terminals): 2 MiB a second. */
    public static final long DEFAULT_OUTPUT_BYTES_PER_SECOND = 2L << 20;

    /** Fails unless {@code diskBytes} is a disk size a sandbox can have. */
    public static void requireDiskSize(long diskBytes) {
        if (diskBytes < MIN_DISK_BYTES) {
            throw new IllegalArgumentException("a sandbox's disk must be at least " + (MIN_DISK_BYTES >> 20) + " MB, not "
                    + (diskBytes >> 20) + " MB");
        }
    }

    public SandboxSettings withQuotas(SpaceQuotas q) {
        return new SandboxSettings(socketRoot, dockerCli, containerLimits, memoryBytes, pidsLimit, cpuShares,
                maxContainers, outboundNat, q, memoryOvercommit, allowEgress, diskBytes);
    }

    public SandboxSettings withDiskBytes(long bytes) {
        return new SandboxSettings(socketRoot, dockerCli, containerLimits, memoryBytes, pidsLimit, cpuShares,
                maxContainers, outboundNat, quotas, memoryOvercommit, allowEgress, bytes);
    }
}
