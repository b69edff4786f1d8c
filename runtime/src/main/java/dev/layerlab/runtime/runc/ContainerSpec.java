package dev.layerlab.runtime.runc;

import dev.layerlab.runtime.userns.UserNamespace;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the OCI bundle of one container says, before it is written as JSON.
 *
 * @param networkNamespace a namespace to join; null: runc makes a new one (inside the user namespace, if any)
 * @param userNamespace    the sandbox's user namespace to join; null: none (the engine's own containers)
 */
public record ContainerSpec(ProcessSpec process, Path rootfs, String hostname, List<BindMount> binds,
                            long memoryLimitBytes, long pidsLimit, long cpuShares, String cgroupsPath,
                            Path networkNamespace, UserNamespace userNamespace, List<TmpfsMount> tmpfs) {
    public ContainerSpec {
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
    }

    public ContainerSpec(ProcessSpec process, Path rootfs, String hostname, List<BindMount> binds,
                         long memoryLimitBytes, long pidsLimit, long cpuShares, String cgroupsPath,
                         Path networkNamespace, UserNamespace userNamespace) {
        this(process, rootfs, hostname, binds, memoryLimitBytes, pidsLimit, cpuShares, cgroupsPath, networkNamespace,
                userNamespace, List.of());
    }

    public ContainerSpec(ProcessSpec process, Path rootfs, String hostname, List<BindMount> binds,
                         long memoryLimitBytes, long pidsLimit, long cpuShares, String cgroupsPath, Path networkNamespace) {
        this(process, rootfs, hostname, binds, memoryLimitBytes, pidsLimit, cpuShares, cgroupsPath, networkNamespace, null);
    }

    /** A tmpfs at {@code destination} with mount options ({@code size=...,mode=...}), made by runc. */
    public record TmpfsMount(String destination, List<String> options) {
        public TmpfsMount {
            options = List.copyOf(options);
        }
    }

    /** A bind mount from the host into the container (hosts, hostname, resolv.conf; volumes later). */
    public record BindMount(Path source, String destination, boolean readOnly) {
    }
}
