package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ContainerState;
import dev.layerlab.runtime.container.EffectiveConfig;
import dev.layerlab.runtime.container.Health;
import dev.layerlab.runtime.container.HostOptions;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.container.PortBinding;
import dev.layerlab.runtime.container.ResolvedMount;
import dev.layerlab.runtime.container.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container record as {@code /containers/json} and {@code /containers/{id}/json} show it. Host
 * paths are shown the way Docker would lay them out under /var/lib/docker, never as our real ones.
 */
final class ContainerJson {
    private ContainerJson() {
    }

    /**
     * {@code m} (a summary or an inspect) with the container's networks as the sandbox has them
     * ({@code NetworkJson}); {@code endpoints} null: as it is. Top-level addresses are the default
     * bridge's only, as in Docker.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withNetworks(Map<String, Object> m, String mode, Map<String, Object> endpoints) {
        if (endpoints == null) {
            return m;
        }
        Object host = m.get("HostConfig");
        if (host instanceof Map<?, ?> h) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) h);
            copy.put("NetworkMode", mode);
            m.put("HostConfig", copy);
        }
        Map<String, Object> settings = new LinkedHashMap<>((Map<String, Object>) m.get("NetworkSettings"));
        settings.put("Networks", endpoints);
        if (settings.containsKey("IPAddress") && !endpoints.containsKey("bridge")) {
            for (String key : List.of("Gateway", "IPAddress", "MacAddress")) {
                settings.put(key, "");
            }
            settings.put("IPPrefixLen", 0);
        }
        m.put("NetworkSettings", settings);
        return m;
    }

    /** {@code health}: its healthcheck's state (null: none). */
    static Map<String, Object> summary(ContainerRecord r, Health health, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Names", List.of("/" + r.name()));
        m.put("Image", r.imageReference());
        m.put("ImageID", r.imageId());
        m.put("Command", String.join(" ", r.effective().argv()));
        m.put("Created", r.created().getEpochSecond());
        List<Map<String, Object>> ports = new ArrayList<>();
        for (PortBinding p : r.state().ports()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("IP", p.hostIp());
            pm.put("PrivatePort", p.containerPort());
            pm.put("PublicPort", p.hostPort());
            pm.put("Type", p.protocol());
            ports.add(pm);
        }
        m.put("Ports", ports);
        m.put("Labels", r.effective().labels());
        m.put("State", r.state().status().dockerName());
        m.put("Status", StatusText.of(r.state(), health, now));
        m.put("HostConfig", Map.of("NetworkMode", "bridge"));
        m.put("NetworkSettings", Map.of("Networks", Map.of("bridge", network(r.state()))));
        m.put("Mounts", mounts(r));
        return m;
    }

    /**
     * {@code execIds}: the container's execs running or not yet started ({@code ExecIDs}, null when none);
     * {@code links}: its links as Docker shows them ({@code /target:/name/alias}); {@code health}: its
     * healthcheck's state (null: none).
     */
    static Map<String, Object> inspect(ContainerRecord r, List<String> execIds, List<String> links, Health health) {
        ContainerState s = r.state();
        EffectiveConfig e = r.effective();
        List<String> argv = e.argv();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Created", DockerTime.rfc3339Nano(r.created()));
        m.put("Path", argv.isEmpty() ? "" : argv.get(0));
        m.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", s.status().dockerName());
        state.put("Running", s.isRunningOrRestarting());
        state.put("Paused", s.status() == Status.PAUSED);
        state.put("Restarting", s.status() == Status.RESTARTING);
        state.put("OOMKilled", s.oomKilled());
        state.put("Dead", s.status() == Status.DEAD);
        state.put("Pid", s.pid());
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error());
        state.put("StartedAt", DockerTime.rfc3339Nano(s.startedAt()));
        state.put("FinishedAt", DockerTime.rfc3339Nano(s.finishedAt()));
        if (health != null) {
            state.put("Health", health(health));
        }
        m.put("State", state);
        m.put("Image", r.imageId());
        m.put("ResolvConfPath", "/var/lib/docker/containers/" + r.id() + "/resolv.conf");
        m.put("HostnamePath", "/var/lib/docker/containers/" + r.id() + "/hostname");
        m.put("HostsPath", "/var/lib/docker/containers/" + r.id() + "/hosts");
        m.put("LogPath", "/var/lib/docker/containers/" + r.id() + "/" + r.id() + "-json.log");
        m.put("Name", "/" + r.name());
        m.put("RestartCount", r.restartCount());
        m.put("Driver", "overlay2");
        m.put("Platform", "linux");
        m.put("MountLabel", "");
        m.put("ProcessLabel", "");
        m.put("AppArmorProfile", "");
        m.put("ExecIDs", execIds.isEmpty() ? null : execIds);
        m.put("HostConfig", hostConfig(r, links));
        String layer = "/var/lib/docker/overlay2/" + r.id();
        m.put("GraphDriver", Map.of("Name", "overlay2", "Data", Map.of(
                "LowerDir", layer + "-init/diff", "MergedDir", layer + "/merged",
                "UpperDir", layer + "/diff", "WorkDir", layer + "/work")));
        m.put("Mounts", mounts(r));
        m.put("Config", config(r));
        m.put("NetworkSettings", networkSettings(r));
        return m;
    }

    private static Map<String, Object> config(ContainerRecord r) {
        EffectiveConfig e = r.effective();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Hostname", e.hostname());
        c.put("Domainname", "");
        c.put("User", e.user());
        c.put("AttachStdin", false);
        c.put("AttachStdout", false);
        c.put("AttachStderr", false);
        Map<String, Object> exposed = new LinkedHashMap<>();
        r.config().ports().forEach(p -> exposed.put(p.key(), Map.of()));
        c.put("ExposedPorts", exposed.isEmpty() ? null : exposed);
        c.put("Tty", r.config().tty());
        c.put("OpenStdin", r.config().openStdin());
        c.put("StdinOnce", r.config().stdinOnce());
        c.put("Env", e.env());
        c.put("Cmd", e.cmd().isEmpty() ? null : e.cmd());
        c.put("Image", r.imageReference());
        Map<String, Object> volumes = new LinkedHashMap<>();
        r.mounts().stream().filter(mt -> mt.kind() == MountRequest.Kind.ANONYMOUS)
                .forEach(mt -> volumes.put(mt.destination(), Map.of()));
        c.put("Volumes", volumes.isEmpty() ? null : volumes);
        c.put("WorkingDir", e.workingDir());
        c.put("Entrypoint", e.entrypoint().isEmpty() ? null : e.entrypoint());
        c.put("OnBuild", null);
        c.put("Labels", e.labels());
        if (r.config().options().healthcheck() != null) {
            c.put("Healthcheck", r.config().options().healthcheck());
        }
        if (!e.stopSignal().isEmpty()) {
            c.put("StopSignal", e.stopSignal());
        }
        if (r.config().stopTimeout() != null) {
            c.put("StopTimeout", r.config().stopTimeout());
        }
        return c;
    }

    /** Docker's {@code State.Health}: Status, FailingStreak and the last results (null before the first). */
    private static Map<String, Object> health(Health health) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("Status", health.status());
        h.put("FailingStreak", health.failingStreak());
        List<Map<String, Object>> log = new ArrayList<>();
        for (Health.Result result : health.log()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Start", DockerTime.rfc3339Nano(result.start()));
            entry.put("End", DockerTime.rfc3339Nano(result.end()));
            entry.put("ExitCode", result.exitCode());
            entry.put("Output", result.output());
            log.add(entry);
        }
        h.put("Log", log.isEmpty() ? null : log);
        return h;
    }

    private static Map<String, Object> hostConfig(ContainerRecord r, List<String> links) {
        HostOptions o = r.config().options();
        Map<String, Object> h = new LinkedHashMap<>();
        List<String> binds = new ArrayList<>();
        for (MountRequest mr : r.config().mounts()) {
            if (mr.kind() != MountRequest.Kind.ANONYMOUS) {
                binds.add(mr.source() + ":" + mr.destination() + (mr.readOnly() ? ":ro" : ""));
            }
        }
        h.put("Binds", binds.isEmpty() ? null : binds);
        Map<String, Object> logConfig = new LinkedHashMap<>();
        logConfig.put("Type", o.log().driver());
        logConfig.put("Config", o.log().options());
        h.put("LogConfig", logConfig);
        h.put("NetworkMode", "bridge");
        h.put("PortBindings", portMap(r.config().ports(), false));
        h.put("RestartPolicy", Map.of("Name", r.config().restartPolicy().name(),
                "MaximumRetryCount", r.config().restartPolicy().maximumRetryCount()));
        h.put("AutoRemove", r.config().autoRemove());
        h.put("VolumeDriver", "");
        h.put("VolumesFrom", null);
        h.put("CapAdd", null);
        h.put("CapDrop", r.config().capDrop().isEmpty() ? null : r.config().capDrop());
        h.put("CgroupnsMode", "private");
        h.put("ExtraHosts", o.extraHosts().isEmpty() ? null : o.extraHosts());
        h.put("GroupAdd", o.groupAdd().isEmpty() ? null : o.groupAdd());
        h.put("IpcMode", "private");
        h.put("Links", links.isEmpty() ? null : links);
        h.put("Privileged", false);
        h.put("PublishAllPorts", false);
        h.put("ReadonlyRootfs", false);
        h.put("ShmSize", 64L << 20);
        if (!o.tmpfs().isEmpty()) {
            h.put("Tmpfs", o.tmpfs()); // Docker omits it when there is none
        }
        h.put("Runtime", "runc");
        h.put("Isolation", "");
        h.put("CpuShares", o.cpuShares());
        h.put("Memory", r.config().memoryBytes());
        h.put("NanoCpus", 0);
        h.put("CpuPeriod", 0);
        h.put("CpuQuota", 0);
        h.put("CpusetCpus", o.cpusetCpus());
        h.put("CpusetMems", "");
        h.put("MemoryReservation", 0);
        // dockerd fills in twice the memory limit when --memory is given without --memory-swap.
        h.put("MemorySwap", o.memorySwap() == 0 && r.config().memoryBytes() > 0 ? 2 * r.config().memoryBytes()
                : o.memorySwap());
        h.put("MemorySwappiness", o.memorySwappiness());
        h.put("OomKillDisable", false);
        h.put("PidsLimit", r.config().pidsLimit() == 0 ? null : r.config().pidsLimit());
        if (o.initGiven() || r.config().init()) {
            h.put("Init", r.config().init()); // Docker omits it unless the request had it
        }
        return h;
    }

    private static Map<String, Object> networkSettings(ContainerRecord r) {
        ContainerState s = r.state();
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("Bridge", "");
        n.put("SandboxID", "");
        n.put("Ports", s.isRunning() ? portMap(s.ports(), true) : Map.of());
        Map<String, Object> net = network(s);
        n.putAll(net);
        n.remove("NetworkID");
        n.put("Networks", Map.of("bridge", net));
        return n;
    }

    private static Map<String, Object> network(ContainerState s) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("NetworkID", "bridge");
        n.put("Gateway", s.gateway());
        n.put("IPAddress", s.ip());
        n.put("IPPrefixLen", s.ip().isEmpty() ? 0 : 16);
        n.put("MacAddress", mac(s.ip()));
        return n;
    }

    /** Docker derives the MAC from the IPv4 address (02:42 + its four bytes); so do we. */
    private static String mac(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return "";
        }
        StringBuilder sb = new StringBuilder("02:42");
        for (String p : parts) {
            sb.append(String.format(":%02x", Integer.parseInt(p)));
        }
        return sb.toString();
    }

    static Map<String, Object> portMap(List<PortBinding> ports, boolean published) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (PortBinding p : ports) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = (List<Map<String, String>>) out.computeIfAbsent(p.key(), k -> new ArrayList<>());
            list.add(Map.of("HostIp", published ? p.hostIp() : (p.hostIp().equals("0.0.0.0") ? "" : p.hostIp()),
                    "HostPort", p.hostPort() == 0 && !published ? "" : String.valueOf(p.hostPort())));
        }
        return out;
    }

    static List<Map<String, Object>> mounts(ContainerRecord r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ResolvedMount mt : r.mounts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            boolean volume = mt.isVolume();
            m.put("Type", volume ? "volume" : "bind");
            if (volume) {
                m.put("Name", mt.name());
            }
            m.put("Source", volume ? "/var/lib/docker/volumes/" + mt.name() + "/_data" : mt.name());
            m.put("Destination", mt.destination());
            if (volume) {
                m.put("Driver", "local");
            }
            m.put("Mode", mt.readOnly() ? "ro" : (volume ? "z" : ""));
            m.put("RW", !mt.readOnly());
            m.put("Propagation", volume ? "" : "rprivate");
            out.add(m);
        }
        return out;
    }
}
