package dev.layerlab.runtime.snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's writable filesystem: overlay's upper and work directories, the merged mount point, and its init
 * layer ({@code init}: the mount points made before its first start, the top-most lower layer once it exists).
 */
public record ContainerFs(Path upper, Path work, Path merged, Path init) {
    /** What lies below the upper directory, top first: the init layer (when there is one), then {@code imageLayersTopFirst}. */
    public List<Path> lowersTopFirst(List<Path> imageLayersTopFirst) {
        if (!Files.isDirectory(init, LinkOption.NOFOLLOW_LINKS)) {
            return imageLayersTopFirst;
        }
        List<Path> lowers = new ArrayList<>(imageLayersTopFirst.size() + 1);
        lowers.add(init);
        lowers.addAll(imageLayersTopFirst);
        return lowers;
    }
}
