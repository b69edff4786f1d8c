package dev.layerlab.runtime.container;

import java.util.List;

/**
 * What {@code docker exec} asks for. Empty user and working dir mean "as the container"; empty detach
 * keys mean Docker's default (the API layer watches a TTY client's input for them).
 */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                         boolean attachStdin, boolean attachStdout, boolean attachStderr, String detachKeys) {
    public ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                      boolean attachStdin, boolean attachStdout, boolean attachStderr) {
        this(cmd, env, user, workingDir, tty, attachStdin, attachStdout, attachStderr, "");
    }

    public static ExecConfig of(String... cmd) {
        return new ExecConfig(List.of(cmd), List.of(), "", "", false, false, true, true);
    }
}
