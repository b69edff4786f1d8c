package dev.layerlab.runtime.container;

import java.nio.file.Path;

/**
 * A mount as the container has it: {@code name} is the volume's name (or the bind source as the
 * user wrote it), {@code source} the real directory on this machine.
 */
public record ResolvedMount(MountRequest.Kind kind, String name, Path source, String destination, boolean readOnly) {
    public boolean isVolume() {
        return kind != MountRequest.Kind.BIND;
    }
}
