package dev.layerlab.runtime.runc;

import java.util.List;

/** What runs: the OCI {@code process} of a container or an exec, already resolved against the image. */
public record ProcessSpec(List<String> args, List<String> env, String cwd, int uid, int gid,
                          List<Integer> additionalGids, boolean terminal, int consoleRows, int consoleCols) {
    public ProcessSpec {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        args = List.copyOf(args);
        env = List.copyOf(env);
        additionalGids = List.copyOf(additionalGids);
    }
}
