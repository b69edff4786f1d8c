package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.container.Limits;

import java.nio.file.Path;

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
 */
public record SandboxSettings(Path socketRoot, Path dockerCli, Limits containerLimits, long memoryBytes,
                              long pidsLimit, long cpuShares, int maxContainers, boolean outboundNat) {
    public static SandboxSettings defaults() {
        return new SandboxSettings(Path.of("/run/layerlab/sandboxes"), Path.of("/var/cache/layerlab/docker-cli/docker"),
                Limits.DEFAULT, 2L << 30, 1024, 1024, 30, true);
    }
}
