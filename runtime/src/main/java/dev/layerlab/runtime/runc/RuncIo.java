package dev.layerlab.runtime.runc;

import dev.layerlab.runtime.sys.Fd;

import java.nio.file.Path;

/**
 * How a started process's stdio is wired: either three fds handed straight to the process (runc
 * passes them through), or a console socket on which runc sends back a new pty master.
 */
public sealed interface RuncIo {
    record Pipes(Fd stdin, Fd stdout, Fd stderr) implements RuncIo {
    }

    record Terminal(Path consoleSocket, Fd nullIo) implements RuncIo {
    }
}
