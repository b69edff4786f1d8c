package dev.layerlab.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes OCI runtime specs hardened as Docker's defaults are: Docker's default capability set,
 * no new privileges, masked and read-only /proc paths, read-only /sys, Docker's seccomp allow-list, its own
 * pid/ipc/uts/mount/cgroup/network namespaces (in the sandbox's user namespace, if it has one) and a
 * cgroup with memory and pids limits.
 */
public final class OciSpecWriter {
    /** Docker's default capabilities (moby's oci/caps/defaults.go lists the same set). */
    static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");
    private static final JsonNode SECCOMP = loadSeccomp();

    private OciSpecWriter() {
    }

    public static ObjectNode containerSpec(ContainerSpec spec) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("ociVersion", "1.0.2");
        root.set("process", process(spec.process()));
        root.putObject("root").put("path", spec.rootfs().toString()).put("readonly", false);
        root.put("hostname", spec.hostname());
        root.set("mounts", mounts(spec));
        root.set("linux", linux(spec));
        return root;
    }

    /** The {@code process} object: also the whole of an exec's {@code --process} file. */
    public static ObjectNode process(ProcessSpec p) {
        ObjectNode process = Json.MAPPER.createObjectNode();
        process.put("terminal", p.terminal());
        if (p.terminal() && p.consoleRows() > 0 && p.consoleCols() > 0) {
            process.putObject("consoleSize").put("height", p.consoleRows()).put("width", p.consoleCols());
        }
        ObjectNode user = process.putObject("user").put("uid", p.uid()).put("gid", p.gid());
        if (!p.additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            p.additionalGids().forEach(gids::add);
        }
        strings(process.putArray("args"), p.args());
        strings(process.putArray("env"), p.env());
        process.put("cwd", p.cwd());
        ObjectNode caps = process.putObject("capabilities");
        // Docker gives a non-root user no effective or permitted capabilities, only the bounding set.
        boolean root = p.uid() == 0;
        for (String set : List.of("bounding", "effective", "permitted")) {
            if (root || set.equals("bounding")) {
                strings(caps.putArray(set), capabilities(p.droppedCapabilities()));
            }
        }
        if (p.openFiles() > 0) {
            process.putArray("rlimits").addObject().put("type", "RLIMIT_NOFILE")
                    .put("hard", p.openFiles()).put("soft", p.openFiles());
        }
        process.put("noNewPrivileges", true);
        process.put("oomScoreAdj", 0);
        return process;
    }

    /** Docker's default set without the dropped ones; names with or without "CAP_", any case. */
    static List<String> capabilities(List<String> dropped) {
        List<String> drop = dropped.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT))
                .map(c -> c.startsWith("CAP_") || c.equals("ALL") ? c : "CAP_" + c).toList();
        if (drop.contains("ALL")) {
            return List.of();
        }
        return DEFAULT_CAPABILITIES.stream().filter(c -> !drop.contains(c)).toList();
    }

    private static ArrayNode mounts(ContainerSpec spec) {
        ArrayNode mounts = Json.MAPPER.createArrayNode();
        mount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        mount(mounts, "/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro"));
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        for (ContainerSpec.BindMount b : spec.binds()) {
            mount(mounts, b.destination(), "bind", b.source().toString(),
                    b.readOnly() ? List.of("rbind", "rprivate", "ro") : List.of("rbind", "rprivate"));
        }
        for (ContainerSpec.TmpfsMount t : spec.tmpfs()) {
            mount(mounts, t.destination(), "tmpfs", "tmpfs", t.options());
        }
        return mounts;
    }

    private static ObjectNode linux(ContainerSpec spec) {
        ObjectNode linux = Json.MAPPER.createObjectNode();
        ArrayNode namespaces = linux.putArray("namespaces");
        if (spec.userNamespace() != null) {
            // The sandbox's: uid 0 inside is an unprivileged uid outside. runc 1.1 joins it by path and
            // still wants the mappings (it cannot read them from the namespace).
            namespaces.addObject().put("type", "user").put("path", spec.userNamespace().file().toString());
            IdRange ids = spec.userNamespace().range();
            for (String map : List.of("uidMappings", "gidMappings")) {
                linux.putArray(map).addObject().put("containerID", 0).put("hostID", ids.base()).put("size", ids.size());
            }
        }
        for (String ns : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
            namespaces.addObject().put("type", ns);
        }
        ObjectNode network = namespaces.addObject().put("type", "network");
        if (spec.networkNamespace() != null) {
            network.put("path", spec.networkNamespace().toString()); // the sandbox's network, made by the engine
        }
        linux.put("cgroupsPath", spec.cgroupsPath());
        ObjectNode resources = linux.putObject("resources");
        resources.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        if (spec.memoryLimitBytes() > 0) {
            resources.putObject("memory").put("limit", spec.memoryLimitBytes()).put("swap", spec.memoryLimitBytes());
        }
        if (spec.pidsLimit() > 0) {
            resources.putObject("pids").put("limit", spec.pidsLimit());
        }
        if (spec.cpuShares() > 0) {
            resources.putObject("cpu").put("shares", spec.cpuShares());
        }
        strings(linux.putArray("maskedPaths"), MASKED_PATHS);
        strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
        linux.set("seccomp", SECCOMP.deepCopy());
        return linux;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode m = mounts.addObject().put("destination", destination).put("type", type).put("source", source);
        strings(m.putArray("options"), options);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /**
     * Only the host's own 64-bit ABI: libseccomp compiles every rule once per architecture at each
     * container start (runc 1.1 cannot take a compiled filter), and each one costs ~5 ms here. A
     * syscall of another ABI (x32, 32-bit ARM; i386 never was) meets runc's bad-architecture action.
     */
    static String nativeArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "SCMP_ARCH_X86_64";
            case "aarch64", "arm64" -> "SCMP_ARCH_AARCH64";
            default -> throw new IllegalStateException("no seccomp profile for the architecture " + arch);
        };
    }

    /**
     * Docker's default seccomp profile as runc reads it: an allow-list (anything not named fails with
     * EPERM) resolved for Docker's default capabilities. It is data, made by scripts/seccomp-profile.py
     * from moby's profile; docs/security.md says what it refuses beyond Docker's.
     */
    private static JsonNode loadSeccomp() {
        try (InputStream in = OciSpecWriter.class.getResourceAsStream("seccomp-default.json")) {
            JsonNode profile = Json.MAPPER.readTree(in);
            if (!profile.path("defaultAction").asText().equals("SCMP_ACT_ERRNO")) {
                throw new IllegalStateException("seccomp-default.json must be an allow-list (defaultAction SCMP_ACT_ERRNO)");
            }
            ((ObjectNode) profile).set("architectures", Json.MAPPER.createArrayNode().add(nativeArchitecture()));
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
