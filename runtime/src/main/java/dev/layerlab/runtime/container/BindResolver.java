package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a bind source path, as the user's host sees it, into a real directory on this machine. A
 * sandbox resolves it inside its host container's filesystem, so no path reaches the real host.
 */
public interface BindResolver {
    BindResolver REFUSE = path -> {
        throw new InvalidArgumentException("bind mounts are only available inside a sandbox: " + path);
    };

    /** The real path for {@code hostPath}, created as a directory if missing (as {@code docker run -v} does). */
    Path resolve(String hostPath) throws IOException;
}
