package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's whole filesystem as its processes see it, for docker cp: a private view of its overlay
 * with its volumes, binds and the engine's /etc/hostname, /etc/hosts and /etc/resolv.conf mounted at
 * their destinations (the longest destination wins), read-only ones read-only. Others (the sandbox
 * shell, other containers) may change the volumes and binds while it is used, so every path is resolved
 * inside it by descriptor at the moment of use ({@link #root()}: {@code RESOLVE_IN_ROOT}), never by
 * string. Owners show as ids outside the sandbox's user namespace ({@link #ids()}); write as its root
 * ({@code userns.AsSandboxRoot}).
 */
public final class ContainerFiles {
    /** Work on a container's files; see {@link ContainerService#withFiles}. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(ContainerFiles files) throws Exception;
    }

    private final TreeRoot root;
    private final Path dir;
    private final IdRange ids;
    private final List<ContainerMounts.Attached> mounts;

    ContainerFiles(TreeRoot root, Path dir, IdRange ids, List<ContainerMounts.Attached> mounts) {
        this.root = root;
        this.dir = dir;
        this.ids = ids;
        this.mounts = mounts;
    }

    /** The view's root: resolve every path through it. */
    public TreeRoot root() {
        return root;
    }

    /** The view's directory (the engine's own), for readers that open a {@link TreeRoot} themselves. */
    public Path dir() {
        return dir;
    }

    public IdRange ids() {
        return ids;
    }

    /** Docker's refusal of a copy into a directory of a read-only volume or bind. */
    public void requireWritable(PathFd directory) throws IOException {
        long id = directory.mountId();
        for (ContainerMounts.Attached m : mounts) {
            if (m.mountId() == id && m.readOnly()) {
                throw new EngineException("mounted volume is marked read-only");
            }
        }
    }
}
