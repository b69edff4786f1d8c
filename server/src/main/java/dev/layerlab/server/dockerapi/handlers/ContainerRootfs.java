package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.Container;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.userns.IdRange;

import java.nio.file.Path;

/**
 * A container's root filesystem for {@code docker cp}, held still while used. A running container
 * is frozen for the duration and cannot be unpaused meanwhile ({@code ContainerService.freeze},
 * Docker's fix for CVE-2018-15664): otherwise its processes could swap a checked directory for a
 * symlink between our check and our write. Its root is a private view of its overlay without the
 * volumes and binds mounted in it: those are written by others (the sandbox host's shell, other
 * containers) that no freeze holds still. A stopped one is mounted for the
 * duration, holding its lock so that nobody starts it meanwhile.
 */
final class ContainerRootfs {
    /**
     * Work on {@code root}, where owners show as {@code ids} says: a running container's view is
     * idmapped into its user namespace (owner k inside shows as {@code ids.outside(k)}; write there as
     * the sandbox's root, {@code AsSandboxRoot}), a stopped one's is not ({@link IdRange#NONE}).
     */
    interface Use<T> {
        T apply(Path root, IdRange ids) throws Exception;
    }

    private ContainerRootfs() {
    }

    static <T> T with(SandboxContext ctx, String ref, Use<T> use) throws Exception {
        var containers = ctx.space().containers();
        Container c = containers.store().get(ref);
        Snapshotter snapshots = ctx.space().snapshots();
        ContainerFs fs = snapshots.fsOf(c.id());
        ContainerRecord rec = c.record();
        if (rec.state().isRunning()) {
            try (var held = containers.freeze(c.id()); var ownFiles = snapshots.ownFilesView(fs)) {
                return use.apply(ownFiles.root(), ctx.space().ids());
            }
        }
        synchronized (c) {
            if (c.record().state().isRunning()) {
                throw new ConflictException("container " + rec.name() + " started while copying: try again");
            }
            Path root = snapshots.mount(fs, rec.layerDirsTopFirst());
            try {
                return use.apply(root, IdRange.NONE);
            } finally {
                snapshots.unmount(fs);
            }
        }
    }
}
