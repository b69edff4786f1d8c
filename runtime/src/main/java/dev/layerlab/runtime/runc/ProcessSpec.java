package dev.layerlab.runtime.runc;

import java.util.List;

/**
 * What runs: the OCI {@code process} of a container or an exec, already resolved against the image.
 * {@code droppedCapabilities} are removed from Docker's default set ({@code ALL} drops every one).
 */
public record ProcessSpec(List<String> args, List<String> env, String cwd, int uid, int gid,
                          List<Integer> additionalGids, boolean terminal, int consoleRows, int consoleCols,
                          List<String> droppedCapabilities, long openFiles) {
    public ProcessSpec {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
        droppedCapabilities = droppedCapabilities == null ? List.of() : List.copyOf(droppedCapabilities);
    }
}
