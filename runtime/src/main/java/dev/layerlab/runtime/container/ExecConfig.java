package dev.layerlab.runtime.container;

import java.util.List;

/** What {@code docker exec} asks for. Empty user and working dir mean "as the container". */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                         boolean attachStdin, boolean attachStdout, boolean attachStderr) {
    public static ExecConfig of(String... cmd) {
        return new ExecConfig(List.of(cmd), List.of(), "", "", false, false, true, true);
    }
}
