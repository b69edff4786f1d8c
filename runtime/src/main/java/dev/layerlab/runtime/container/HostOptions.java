package dev.layerlab.runtime.container;

import java.util.List;
import java.util.Map;

/**
 * The HostConfig settings beyond the core limits that a container keeps for what Docker does with them:
 * the CPU settings ({@code --cpu-shares} weighs the container's CPU within its sandbox; the cpuset, swap and
 * swappiness are kept for {@code docker inspect} only), {@code --tmpfs} mounts, {@code --add-host} lines,
 * {@code --group-add} groups, the logging driver, whether {@code --init} was given at all, and {@code --link}s
 * ({@code name[:alias]} as the server got them, {@code containerId:alias} once {@link ContainerLinks} resolved
 * them at create). The server checks and bounds them; null fields of an older record read as Docker's defaults.
 *
 * @param memorySwap       -1 unlimited, 0 not given (Docker then shows twice the memory limit)
 * @param memorySwappiness null when not given, as Docker shows it
 * @param initGiven        whether the request had {@code Init} at all (Docker omits it otherwise)
 * @param healthcheck      the request's {@code Config.Healthcheck} merged with its image's at create, or null
 */
public record HostOptions(long cpuShares, String cpusetCpus, long memorySwap, Long memorySwappiness,
                          boolean initGiven, Map<String, String> tmpfs, List<String> extraHosts,
                          List<String> groupAdd, LogConfig log, Map<String, Object> healthcheck, List<String> links) {
    public static final HostOptions NONE = new HostOptions(0, "", 0, null, false, Map.of(), List.of(), List.of(),
            LogConfig.DEFAULT, null, List.of());

    public HostOptions {
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tmpfs));
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        log = log == null ? LogConfig.DEFAULT : log;
        links = links == null ? List.of() : List.copyOf(links);
    }

    public HostOptions withExtraHosts(List<String> hosts) {
        return new HostOptions(cpuShares, cpusetCpus, memorySwap, memorySwappiness, initGiven, tmpfs, hosts, groupAdd,
                log, healthcheck, links);
    }

    public HostOptions withHealthcheck(Map<String, Object> merged) {
        return new HostOptions(cpuShares, cpusetCpus, memorySwap, memorySwappiness, initGiven, tmpfs, extraHosts, groupAdd,
                log, merged, links);
    }

    public HostOptions withLinks(List<String> resolved) {
        return new HostOptions(cpuShares, cpusetCpus, memorySwap, memorySwappiness, initGiven, tmpfs, extraHosts, groupAdd,
                log, healthcheck, resolved);
    }
}
