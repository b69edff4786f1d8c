package dev.layerlab.runtime.container;

import java.util.List;
import java.util.Map;

/**
 * What a container was asked to be (Docker's {@code Config} plus the resource limits of its
 * {@code HostConfig}). Null lists mean "not given": the image's value applies.
 */
public record ContainerConfig(String image, List<String> entrypoint, List<String> cmd, List<String> env,
                              String workingDir, String user, String hostname, boolean tty, boolean openStdin,
                              boolean stdinOnce, Map<String, String> labels, String stopSignal, Integer stopTimeout,
                              long memoryBytes, long pidsLimit, boolean autoRemove, List<MountRequest> mounts,
                              List<PortBinding> ports, List<String> capDrop, boolean init,
                              RestartPolicy restartPolicy, HostOptions options) {
    public ContainerConfig {
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy; // records saved before restart policies
    }

    /** Never null: a record written before options existed reads as Docker's defaults. */
    @Override
    public HostOptions options() {
        return options == null ? HostOptions.NONE : options;
    }

    /** {@code docker update}: these limits and restart policy, everything else as it is. */
    public ContainerConfig withUpdate(long newMemoryBytes, long newPidsLimit, RestartPolicy newRestartPolicy) {
        return new ContainerConfig(image, entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin, stdinOnce,
                labels, stopSignal, stopTimeout, newMemoryBytes, newPidsLimit, autoRemove, mounts, ports, capDrop, init,
                newRestartPolicy, options);
    }

    public ContainerConfig withOptions(HostOptions next) {
        return new ContainerConfig(image, entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin, stdinOnce,
                labels, stopSignal, stopTimeout, memoryBytes, pidsLimit, autoRemove, mounts, ports, capDrop, init,
                restartPolicy, next);
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** Builder for the many optional fields. */
    public static final class Builder {
        private final String image;
        private List<String> entrypoint;
        private List<String> cmd;
        private List<String> env = List.of();
        private String workingDir = "";
        private String user = "";
        private String hostname = "";
        private boolean tty;
        private boolean openStdin;
        private boolean stdinOnce;
        private Map<String, String> labels = Map.of();
        private String stopSignal = "";
        private Integer stopTimeout;
        private long memoryBytes;
        private long pidsLimit;
        private boolean autoRemove;
        private List<MountRequest> mounts = List.of();
        private List<PortBinding> ports = List.of();
        private List<String> capDrop = List.of();
        private boolean init;
        private RestartPolicy restartPolicy = RestartPolicy.NO;
        private HostOptions options = HostOptions.NONE;

        private Builder(String image) {
            this.image = image;
        }

        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder cmd(List<String> v) { cmd = v; return this; }
        public Builder cmd(String... v) { cmd = List.of(v); return this; }
        public Builder env(List<String> v) { env = v; return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder openStdin(boolean v) { openStdin = v; return this; }
        public Builder stdinOnce(boolean v) { stdinOnce = v; return this; }
        public Builder labels(Map<String, String> v) { labels = v; return this; }
        public Builder stopSignal(String v) { stopSignal = v; return this; }
        public Builder stopTimeout(Integer v) { stopTimeout = v; return this; }
        public Builder memoryBytes(long v) { memoryBytes = v; return this; }
        public Builder pidsLimit(long v) { pidsLimit = v; return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder mounts(List<MountRequest> v) { mounts = v; return this; }
        public Builder ports(List<PortBinding> v) { ports = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        /** {@code --init}: run the command under {@link DockerInit}. */
        public Builder init(boolean v) { init = v; return this; }
        public Builder restartPolicy(RestartPolicy v) { restartPolicy = v; return this; }

        /** The further HostConfig settings ({@link HostOptions}). */
        public Builder options(HostOptions v) { options = v; return this; }

        public ContainerConfig build() {
            return new ContainerConfig(image, entrypoint, cmd, env, workingDir, user, hostname, tty, openStdin,
                    stdinOnce, labels, stopSignal, stopTimeout, memoryBytes, pidsLimit, autoRemove, mounts, ports, capDrop, init,
                    restartPolicy, options);
        }
    }
}
