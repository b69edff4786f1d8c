package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.fs.PathFd;

import java.io.IOException;

/**
 * Turns a bind source path, as the user's host sees it, into the file it names on this machine, as
 * a descriptor. A sandbox resolves it inside its host container's filesystem, so no path reaches
 * the real host. It is called at every start: whatever the path names at that moment is mounted,
 * and only that (the descriptor is mounted, never the path again).
 */
public interface BindResolver {
    BindResolver REFUSE = path -> {
        throw new InvalidArgumentException("bind mounts are only available inside a sandbox: " + path);
    };

    /** The file at {@code hostPath}, created as a directory if missing (as {@code docker run -v} does). */
    PathFd open(String hostPath) throws IOException;
}
