package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.runc.ContainerSpec.BindMount;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker run --init} as Docker does it: the host's static tini (Debian's tini package, the
 * binary Docker ships as docker-init) bind-mounted read-only at {@link #PATH} and the container's
 * command run under it, so PID 1 forwards signals and reaps every orphan. The sandbox host runs
 * under it too.
 */
public final class DockerInit {
    /** Where Docker puts its init in the container. */
    public static final String PATH = "/sbin/docker-init";
    /** Debian's static tini first: it needs nothing from the container's image. */
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/tini-static"), Path.of("/usr/bin/docker-init"));

    private DockerInit() {
    }

    /** The host's init binary; a clear error when the host lacks it. */
    static Path hostBinary() {
        for (Path p : CANDIDATES) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new EngineException("--init needs a static init on the host: install Debian's tini package"
                + " (scripts/host.sh does), which provides /usr/bin/tini-static");
    }

    /** The read-only bind of the init binary. */
    static BindMount mount() {
        return new BindMount(hostBinary(), PATH, true);
    }

    /** {@code argv} under the init: {@code /sbin/docker-init -- argv...}. */
    static List<String> wrap(List<String> argv) {
        List<String> out = new ArrayList<>(List.of(PATH, "--"));
        out.addAll(argv);
        return out;
    }
}
