package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.container.PortBinding;
import dev.layerlab.runtime.container.RestartPolicy;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /containers/create} (Config at top level, HostConfig, NetworkingConfig)
 * turned into the engine's {@link ContainerConfig}, after {@link HostConfigPolicy} has had its say.
 */
final class CreateRequest {
    /** The environment of one container or exec together (names, values, one separator each). */
    static final int MAX_ENV_BYTES = 256 * 1024;

    private CreateRequest() {
    }

    static ContainerConfig parse(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidArgumentException("invalid JSON: the create body must be an object");
        }
        String image = body.path("Image").asText("");
        if (image.isEmpty()) {
            throw new InvalidArgumentException("No image was specified");
        }
        JsonNode host = body.path("HostConfig");
        HostConfigPolicy.check(host);
        ContainerConfig.Builder b = ContainerConfig.builder(image)
                .entrypoint(strings(body.path("Entrypoint")))
                .cmd(strings(body.path("Cmd")))
                .env(env(body.path("Env")))
                .workingDir(body.path("WorkingDir").asText(""))
                .user(body.path("User").asText(""))
                .hostname(body.path("Hostname").asText(""))
                .tty(body.path("Tty").asBoolean(false))
                .openStdin(body.path("OpenStdin").asBoolean(false))
                .stdinOnce(body.path("StdinOnce").asBoolean(false))
                .labels(stringMap(body.path("Labels")))
                .stopSignal(body.path("StopSignal").asText(""))
                .stopTimeout(body.path("StopTimeout").isNumber() ? body.path("StopTimeout").asInt() : null)
                .autoRemove(host.path("AutoRemove").asBoolean(false))
                .memoryBytes(host.path("Memory").asLong(0))
                .pidsLimit(Math.max(0, host.path("PidsLimit").asLong(0)))
                .mounts(mounts(body, host))
                .ports(ports(body, host))
                .capDrop(orEmpty(strings(host.path("CapDrop"))))
                .init(host.path("Init").asBoolean(false))
                .restartPolicy(RestartPolicy.of(host.path("RestartPolicy").path("Name").asText(""),
                        host.path("RestartPolicy").path("MaximumRetryCount").asInt(0)))
                .options(HostOptionsRequest.parse(body, host));
        return b.build();
    }

    private static List<MountRequest> mounts(JsonNode body, JsonNode host) {
        List<MountRequest> out = new ArrayList<>();
        for (JsonNode bind : host.path("Binds")) {
            out.add(MountRequest.parseBind(bind.asText()));
        }
        for (JsonNode m : host.path("Mounts")) {
            String type = m.path("Type").asText("volume");
            String source = m.path("Source").asText("");
            String target = m.path("Target").asText("");
            boolean ro = m.path("ReadOnly").asBoolean(false);
            switch (type) {
                case "bind" -> out.add(new MountRequest(MountRequest.Kind.BIND, source, target, ro));
                case "volume" -> out.add(source.isEmpty() ? MountRequest.anonymous(target)
                        : new MountRequest(MountRequest.Kind.VOLUME, source, target, ro));
                default -> throw new InvalidArgumentException("--mount type=" + type
                        + " is not supported in this playground: use type=volume or type=bind");
            }
        }
        Set<String> taken = new LinkedHashSet<>();
        out.forEach(m -> taken.add(m.destination()));
        body.path("Volumes").fieldNames().forEachRemaining(dst -> {
            if (taken.add(dst)) {
                out.add(MountRequest.anonymous(dst));
            }
        });
        return out;
    }

    /** PortBindings, plus every exposed port on a free host port when PublishAllPorts (-P) is set. */
    private static List<PortBinding> ports(JsonNode body, JsonNode host) {
        List<PortBinding> out = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        host.path("PortBindings").fields().forEachRemaining(e -> {
            int[] port = portKey(e.getKey());
            String proto = protocol(e.getKey());
            bound.add(e.getKey());
            for (JsonNode hb : e.getValue()) {
                out.add(new PortBinding(port[0], proto, hb.path("HostIp").asText(""), hostPort(hb.path("HostPort").asText(""))));
            }
        });
        if (host.path("PublishAllPorts").asBoolean(false)) {
            body.path("ExposedPorts").fieldNames().forEachRemaining(key -> {
                if (!bound.contains(key)) {
                    out.add(new PortBinding(portKey(key)[0], protocol(key), "", 0));
                }
            });
        }
        return out;
    }

    private static int[] portKey(String key) {
        String num = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
        try {
            return new int[]{Integer.parseInt(num)};
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid port specification: \"" + key + "\"");
        }
    }

    private static String protocol(String key) {
        return key.contains("/") ? key.substring(key.indexOf('/') + 1) : "tcp";
    }

    private static int hostPort(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid host port: \"" + text + "\" (port ranges are not supported)");
        }
    }

    /** Null for an absent or null JSON value: the image's value then applies. */
    static List<String> strings(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * A create or exec body's Env, at most {@link #MAX_ENV_BYTES} together: it is kept in memory (and on disk)
     * for as long as the container or exec lives, and Linux refuses a bigger environment at exec anyway.
     */
    static List<String> env(JsonNode node) {
        List<String> env = orEmpty(strings(node));
        long bytes = 0;
        for (String e : env) {
            bytes += e.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }
        if (bytes > MAX_ENV_BYTES) {
            throw new InvalidArgumentException("Env is " + bytes + " bytes: this playground accepts at most "
                    + (MAX_ENV_BYTES >> 10) + " KiB of environment variables per container or exec");
        }
        return env;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }
}
