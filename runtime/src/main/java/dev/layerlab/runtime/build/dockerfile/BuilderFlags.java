package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} flags of one instruction checked against the names it accepts (buildkit
 * {@code instructions/bflag.go}, string flags only). {@code --mount} may repeat; every other flag once.
 */
final class BuilderFlags {
    private final Map<String, List<String>> values = new HashMap<>();

    private BuilderFlags() {
    }

    /** Parses {@code words} (from the node) allowing only {@code allowed}; Docker's messages otherwise. */
    static BuilderFlags parse(List<String> words, Set<String> allowed) {
        BuilderFlags flags = new BuilderFlags();
        for (String arg : words) {
            if (!arg.startsWith("--")) {
                throw new DockerfileException("Arg should start with -- : " + arg);
            }
            if (arg.equals("--")) {
                break;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!allowed.contains(name)) {
                throw new DockerfileException("Unknown flag: " + name);
            }
            if (flags.values.containsKey(name) && !name.equals("mount")) {
                throw new DockerfileException("Duplicate flag specified: " + name);
            }
            if (value == null) {
                throw new DockerfileException("Missing a value on flag: " + name);
            }
            flags.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return flags;
    }

    /** The value given, or null when the flag was not used (an explicit empty value also reads as null). */
    String get(String name) {
        List<String> given = values.get(name);
        return given == null || given.getFirst().isEmpty() ? null : given.getFirst();
    }

    boolean used(String name) {
        return values.containsKey(name);
    }
}
