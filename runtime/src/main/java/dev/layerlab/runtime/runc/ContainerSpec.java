package dev.layerlab.runtime.runc;

import java.nio.file.Path;
import java.util.List;

/** Everything the OCI bundle of one container says, before it is written as JSON. */
public record ContainerSpec(ProcessSpec process, Path rootfs, String hostname, List<BindMount> binds,
                            long memoryLimitBytes, long pidsLimit, long cpuShares, String cgroupsPath,
                            Path networkNamespace) {

    /** A bind mount from the host into the container (hosts, hostname, resolv.conf; volumes later). */
    public record BindMount(Path source, String destination, boolean readOnly) {
    }
}
