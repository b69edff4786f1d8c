package dev.layerlab.runtime.container;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's config merged with its image's, exactly as Docker merges them at create: what
 * {@code docker inspect} shows as Config, Path and Args.
 */
public record EffectiveConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                              String user, String hostname, String stopSignal, Map<String, String> labels) {
    public static EffectiveConfig merge(ContainerConfig asked, ImageDefaults image, String hostname) {
        List<String> entrypoint;
        List<String> cmd;
        if (asked.entrypoint() != null) {
            // An explicit entrypoint drops the image's Cmd; [""] means "no entrypoint at all".
            entrypoint = asked.entrypoint().size() == 1 && asked.entrypoint().get(0).isEmpty()
                    ? List.of() : asked.entrypoint();
            cmd = asked.cmd() == null ? List.of() : asked.cmd();
        } else {
            entrypoint = image.entrypoint() == null ? List.of() : image.entrypoint();
            cmd = asked.cmd() != null && !asked.cmd().isEmpty() ? asked.cmd()
                    : image.cmd() == null ? List.of() : image.cmd();
        }
        Map<String, String> labels = new LinkedHashMap<>(image.labels() == null ? Map.of() : image.labels());
        labels.putAll(asked.labels());
        return new EffectiveConfig(List.copyOf(entrypoint), List.copyOf(cmd), mergeEnv(image.env(), asked.env()),
                asked.workingDir().isEmpty() ? image.workingDir() : asked.workingDir(),
                asked.user().isEmpty() ? image.user() : asked.user(),
                hostname,
                asked.stopSignal().isEmpty() ? image.stopSignal() : asked.stopSignal(),
                labels);
    }

    /** The process's argv: Entrypoint followed by Cmd. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(cmd);
        return argv;
    }

    /** Image env first, the container's entries overriding by key. */
    static List<String> mergeEnv(List<String> image, List<String> asked) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (List<String> source : List.of(image == null ? List.<String>of() : image, asked)) {
            for (String entry : source) {
                int eq = entry.indexOf('=');
                byKey.put(eq < 0 ? entry : entry.substring(0, eq), entry);
            }
        }
        return List.copyOf(byKey.values());
    }
}
