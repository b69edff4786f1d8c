package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.HostOptions;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The create body's further HostConfig settings ({@link HostOptions}), checked and bounded: CPU shares and
 * the cpuset, swap and swappiness kept for {@code docker inspect}; {@code --tmpfs} (an absolute path, with the
 * mount options Docker documents, no suid or dev; the engine refuses /proc, /sys and /dev); {@code --add-host} lines;
 * {@code --link}s; {@code --group-add}; the logging driver ({@link LogConfigRequest}).
 */
final class HostOptionsRequest {
    static final int MAX_TMPFS = 16;
    static final int MAX_EXTRA_HOSTS = 100;
    static final int MAX_GROUPS = 32;
    static final int MAX_LINKS = 32;
    private static final long MAX_CPU_SHARES = 262144;
    private static final java.util.Set<String> TMPFS_FLAGS = java.util.Set.of("rw", "ro", "exec", "noexec",
            "nosuid", "nodev", "atime", "noatime", "relatime", "strictatime", "nodiratime");
    private static final java.util.Set<String> TMPFS_VALUES = java.util.Set.of("size", "mode", "uid", "gid",
            "nr_inodes", "nr_blocks");

    private HostOptionsRequest() {
    }

    static HostOptions parse(JsonNode body, JsonNode host) {
        refuseUnsupported(body, host);
        long shares = host.path("CpuShares").asLong(0);
        if (shares < 0 || shares > MAX_CPU_SHARES) {
            throw new InvalidArgumentException("invalid CPU shares " + shares + ": the range is 2 to " + MAX_CPU_SHARES);
        }
        String cpuset = host.path("CpusetCpus").asText("");
        if (!cpuset.matches("[0-9,\\-]{0,64}")) {
            throw new InvalidArgumentException("Invalid value " + cpuset + " for cpuset cpus");
        }
        JsonNode swappiness = host.path("MemorySwappiness");
        Long swap = swappiness.isNumber() && swappiness.asLong() != -1 ? swappiness.asLong() : null;
        if (swap != null && (swap < 0 || swap > 100)) {
            throw new InvalidArgumentException("Invalid value: " + swap + ", valid memory swappiness range is 0-100");
        }
        JsonNode health = body.path("Healthcheck");
        @SuppressWarnings("unchecked")
        Map<String, Object> healthcheck = health.isObject() ? Json.MAPPER.convertValue(health, Map.class) : null;
        return new HostOptions(shares, cpuset, host.path("MemorySwap").asLong(0), swap,
                host.has("Init") && !host.path("Init").isNull(), tmpfs(host.path("Tmpfs")),
                extraHosts(host.path("ExtraHosts")), groups(host.path("GroupAdd")),
                LogConfigRequest.parse(host.path("LogConfig")), healthcheck, links(host.path("Links")));
    }

    /** Flags this playground does not do, refused with one sentence each instead of being ignored (SCOPE.md). */
    private static void refuseUnsupported(JsonNode body, JsonNode host) {
        boolean mac = !body.path("MacAddress").asText("").isEmpty();
        for (JsonNode endpoint : body.path("NetworkingConfig").path("EndpointsConfig")) {
            mac |= !endpoint.path("MacAddress").asText("").isEmpty();
        }
        if (mac) {
            throw new InvalidArgumentException("--mac-address is not supported in this playground: a container's"
                    + " MAC address is made from its IP address (02:42 and the address's four bytes), as Docker's default");
        }
        if (host.path("VolumesFrom").size() > 0) {
            throw new InvalidArgumentException("--volumes-from is not supported in this playground: mount the same"
                    + " named volume with -v name:/path in each container instead");
        }
    }

    private static Map<String, String> tmpfs(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node.size() > MAX_TMPFS) {
            throw new InvalidArgumentException("at most " + MAX_TMPFS + " --tmpfs mounts per container in this playground");
        }
        node.fields().forEachRemaining(e -> {
            String path = e.getKey();
            if (!path.startsWith("/") || path.length() > 4096) {
                throw new InvalidArgumentException("invalid mount config for type \"tmpfs\": invalid mount path: '"
                        + path + "' mount path must be absolute");
            }
            // /proc, /sys and /dev are refused by the engine, as for every mount (ContainerMounts).
            String normal = java.nio.file.Path.of(path).normalize().toString();
            String opts = e.getValue().asText("");
            for (String o : opts.isEmpty() ? new String[0] : opts.split(",")) {
                int eq = o.indexOf('=');
                boolean known = eq < 0 ? TMPFS_FLAGS.contains(o) : TMPFS_VALUES.contains(o.substring(0, eq));
                if (o.equals("suid") || o.equals("dev")) {
                    throw new InvalidArgumentException("--tmpfs " + path + ":" + o + " is not available in this"
                            + " playground: a learner's containers never get more power than Docker's defaults");
                }
                if (!known) {
                    throw new InvalidArgumentException("invalid tmpfs option \"" + o + "\" for " + path
                            + ": use size, mode, uid, gid, nr_inodes, ro/rw, exec/noexec");
                }
            }
            out.put(normal, opts);
        });
        return out;
    }

    private static List<String> extraHosts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.size() > MAX_EXTRA_HOSTS) {
            throw new InvalidArgumentException("at most " + MAX_EXTRA_HOSTS + " --add-host entries per container in this playground");
        }
        for (JsonNode n : node) {
            out.add(extraHost(n.asText()));
        }
        return out;
    }

    /** One {@code name:ip} of {@code --add-host} (also {@code docker build --add-host}), checked as the CLI checks it. */
    static String extraHost(String entry) {
        int colon = entry.indexOf(':');
        String name = colon < 0 ? "" : entry.substring(0, colon);
        String ip = colon < 0 ? "" : entry.substring(colon + 1);
        if (name.isEmpty() || name.length() > 255 || !name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidArgumentException("bad format for add-host: \"" + entry + "\"");
        }
        if (!ip.equals("host-gateway") && !isIp(ip)) {
            throw new InvalidArgumentException("invalid IP address in add-host: \"" + ip + "\"");
        }
        return name + ":" + ip;
    }

    private static boolean isIp(String ip) {
        if (ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            for (String part : ip.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!ip.contains(":") || !ip.matches("[0-9A-Fa-f:.]{2,45}")) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address; // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** {@code --link}s as given; the engine resolves the targets ({@code ContainerLinks}). */
    private static List<String> links(JsonNode node) {
        if (node.size() > MAX_LINKS) {
            throw new InvalidArgumentException("at most " + MAX_LINKS + " --link targets per container in this playground");
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> groups(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.size() > MAX_GROUPS) {
            throw new InvalidArgumentException("at most " + MAX_GROUPS + " --group-add groups per container in this playground");
        }
        for (JsonNode n : node) {
            String g = n.asText();
            if (!g.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidArgumentException("invalid group name for --group-add: \"" + g + "\"");
            }
            out.add(g);
        }
        return out;
    }
}
