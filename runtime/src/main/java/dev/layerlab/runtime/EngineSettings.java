package dev.layerlab.runtime;

import dev.layerlab.runtime.container.Limits;

import java.nio.file.Path;

/**
 * Where the engine keeps its state and how it runs containers.
 *
 * @param dataDir      images, layers, containers and logs (survives restarts)
 * @param cacheDir     host-wide cache of base image root filesystems, shared by every data directory
 * @param runcBinary   the OCI runtime to call
 * @param limits       defaults for every container
 */
public record EngineSettings(Path dataDir, Path cacheDir, String runcBinary, Limits limits) {
    public static final Path DEFAULT_CACHE = Path.of("/var/cache/layerlab");

    public static EngineSettings defaults(Path dataDir) {
        return new EngineSettings(dataDir, DEFAULT_CACHE, "runc", Limits.DEFAULT);
    }
}
