package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.RestartPolicy;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.Map;

/**
 * The body of {@code POST /containers/{id}/update} ({@code docker update}): the memory and pids
 * limits and the restart policy; any other resource a client asks to change is refused naming its flag.
 */
record UpdateRequest(long memoryBytes, Long pidsLimit, RestartPolicy restartPolicy) {
    /** Resources of Docker's UpdateConfig this playground does not change, by the flag that sets them. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("CpuShares", "--cpu-shares"), Map.entry("NanoCpus", "--cpus"), Map.entry("CpuPeriod", "--cpu-period"),
            Map.entry("CpuQuota", "--cpu-quota"), Map.entry("CpuRealtimePeriod", "--cpu-rt-period"),
            Map.entry("CpuRealtimeRuntime", "--cpu-rt-runtime"), Map.entry("CpusetCpus", "--cpuset-cpus"),
            Map.entry("CpusetMems", "--cpuset-mems"), Map.entry("BlkioWeight", "--blkio-weight"),
            Map.entry("KernelMemory", "--kernel-memory"), Map.entry("MemoryReservation", "--memory-reservation"));

    static UpdateRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidArgumentException("invalid JSON: the update body must be an object");
        }
        UNSUPPORTED.forEach((field, flag) -> {
            JsonNode v = body.path(field);
            if (!v.isMissingNode() && !v.isNull() && !v.asText("").isEmpty() && !v.asText().equals("0")) {
                throw new InvalidArgumentException("docker update " + flag + " is not supported in this playground:"
                        + " it can change --memory, --pids-limit and --restart");
            }
        });
        long memory = body.path("Memory").asLong(0);
        long swap = body.path("MemorySwap").asLong(0);
        if (swap != 0 && swap != memory) {
            throw new InvalidArgumentException("docker update --memory-swap is not supported in this playground:"
                    + " containers have no swap");
        }
        JsonNode pids = body.path("PidsLimit");
        JsonNode policy = body.path("RestartPolicy");
        String name = policy.path("Name").asText("");
        return new UpdateRequest(memory, pids.isNumber() ? pids.asLong() : null,
                name.isEmpty() ? null : RestartPolicy.of(name, policy.path("MaximumRetryCount").asInt(0)));
    }
}
