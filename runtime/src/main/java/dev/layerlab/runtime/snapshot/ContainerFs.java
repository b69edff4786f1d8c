package dev.layerlab.runtime.snapshot;

import java.nio.file.Path;

/** A container's writable filesystem: overlay's upper and work directories and the merged mount point. */
public record ContainerFs(Path upper, Path work, Path merged) {
}
