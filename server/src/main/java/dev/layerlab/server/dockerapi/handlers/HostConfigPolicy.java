package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.Locale;
import java.util.Set;

/**
 * Refuses the HostConfig settings that would give a learner's container more power than Docker's
 * defaults. Each refusal names the CLI flag the learner typed, so the message explains itself.
 */
final class HostConfigPolicy {
    /** Docker's default capability set: adding one of these is a no-op, anything else is more power. */
    private static final Set<String> DEFAULT_CAPS = Set.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
            "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
            "AUDIT_WRITE");

    private HostConfigPolicy() {
    }

    static void check(JsonNode host) {
        if (host.path("Privileged").asBoolean(false)) {
            refuse("--privileged");
        }
        for (String[] ns : new String[][]{{"PidMode", "--pid"}, {"IpcMode", "--ipc"}, {"UTSMode", "--uts"},
                {"UsernsMode", "--userns"}, {"CgroupnsMode", "--cgroupns"}}) {
            if (host.path(ns[0]).asText("").equals("host")) {
                refuse(ns[1] + "=host");
            }
        }
        String pid = host.path("PidMode").asText("");
        if (pid.startsWith("container:")) {
            refuse("--pid=" + pid);
        }
        String net = host.path("NetworkMode").asText("");
        if (net.equals("host") || net.startsWith("container:")) {
            refuse("--network=" + net);
        }
        for (JsonNode cap : host.path("CapAdd")) {
            String name = cap.asText().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
            if (!DEFAULT_CAPS.contains(name)) {
                refuse("--cap-add " + cap.asText());
            }
        }
        if (host.path("Devices").size() > 0) {
            refuse("--device");
        }
        if (host.path("DeviceCgroupRules").size() > 0) {
            refuse("--device-cgroup-rule");
        }
        for (JsonNode opt : host.path("SecurityOpt")) {
            String o = opt.asText().replace(':', '=');
            if (o.equals("seccomp=unconfined") || o.equals("apparmor=unconfined") || o.equals("label=disable")
                    || o.equals("systempaths=unconfined") || o.equals("no-new-privileges=false")
                    || o.startsWith("seccomp=") && !o.equals("seccomp=builtin")) {
                refuse("--security-opt " + opt.asText());
            }
        }
        if (host.path("Sysctls").size() > 0) {
            refuse("--sysctl");
        }
        String driver = host.path("VolumeDriver").asText("");
        if (!driver.isEmpty() && !driver.equals("local")) {
            refuse("--volume-driver " + driver);
        }
        if (host.path("OomKillDisable").asBoolean(false)) {
            refuse("--oom-kill-disable");
        }
    }

    private static void refuse(String flag) {
        throw new InvalidArgumentException(flag + " is not available in this playground: a learner's containers"
                + " never get more power than Docker's defaults");
    }
}
