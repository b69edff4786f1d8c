package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.io.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker commit --change}: the Dockerfile instructions that alter an image's defaults (CMD,
 * ENTRYPOINT, ENV, WORKDIR, EXPOSE, USER, LABEL, VOLUME, STOPSIGNAL) applied to the inherited ones.
 */
final class CommitChanges {
    private CommitChanges() {
    }

    static ContainerDefaults apply(ContainerDefaults d, List<String> changes) {
        String user = d.user();
        Set<String> exposed = d.exposedPorts() == null ? null : new LinkedHashSet<>(d.exposedPorts());
        List<String> env = d.env() == null ? null : new ArrayList<>(d.env());
        List<String> entrypoint = d.entrypoint();
        List<String> cmd = d.cmd();
        Set<String> volumes = d.volumes() == null ? null : new LinkedHashSet<>(d.volumes());
        String workingDir = d.workingDir();
        Map<String, String> labels = d.labels() == null ? null : new LinkedHashMap<>(d.labels());
        String stopSignal = d.stopSignal();
        for (String change : changes) {
            String line = change.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            String arg = kv.length > 1 ? kv[1].strip() : "";
            switch (kv[0].toUpperCase(java.util.Locale.ROOT)) {
                case "CMD" -> cmd = command(arg);
                case "ENTRYPOINT" -> entrypoint = command(arg);
                case "WORKDIR" -> workingDir = arg;
                case "USER" -> user = arg;
                case "STOPSIGNAL" -> stopSignal = arg;
                case "EXPOSE" -> {
                    exposed = exposed == null ? new LinkedHashSet<>() : exposed;
                    for (String p : arg.split("\\s+")) {
                        exposed.add(p.contains("/") ? p : p + "/tcp");
                    }
                }
                case "VOLUME" -> {
                    volumes = volumes == null ? new LinkedHashSet<>() : volumes;
                    volumes.addAll(arg.startsWith("[") ? command(arg) : List.of(arg.split("\\s+")));
                }
                case "ENV" -> {
                    env = env == null ? new ArrayList<>() : env;
                    for (Map.Entry<String, String> e : pairs(arg).entrySet()) {
                        env.removeIf(x -> x.startsWith(e.getKey() + "="));
                        env.add(e.getKey() + "=" + e.getValue());
                    }
                }
                case "LABEL" -> {
                    labels = labels == null ? new LinkedHashMap<>() : labels;
                    labels.putAll(pairs(arg));
                }
                default -> throw new InvalidArgumentException(kv[0] + " is not a valid change command");
            }
        }
        return new ContainerDefaults(user, exposed, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                d.argsEscaped(), d.healthcheck(), d.onBuild(), d.shell(), d.other());
    }

    /** JSON form {@code ["a","b"]} as given; shell form runs under {@code /bin/sh -c}. */
    private static List<String> command(String arg) {
        if (arg.startsWith("[")) {
            try {
                JsonNode n = Json.MAPPER.readTree(arg);
                List<String> out = new ArrayList<>();
                n.forEach(x -> out.add(x.asText()));
                return out;
            } catch (java.io.IOException e) {
                // Docker falls back to the shell form for malformed JSON too
            }
        }
        return List.of("/bin/sh", "-c", arg);
    }

    /** {@code k=v k2="v 2"} or the old single {@code k v} form. */
    private static Map<String, String> pairs(String arg) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!arg.contains("=")) {
            String[] kv = arg.split("\\s+", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
            return out;
        }
        var m = java.util.regex.Pattern.compile("([^\\s=]+)=(\"([^\"]*)\"|(\\S*))").matcher(arg);
        while (m.find()) {
            out.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
        }
        return out;
    }
}
