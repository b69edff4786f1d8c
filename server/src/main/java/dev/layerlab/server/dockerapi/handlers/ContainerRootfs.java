package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.Container;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;

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
    interface Use<T> {
        T apply(Path root) throws Exception;
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
                return use.apply(ownFiles.root());
            }
        }
        synchronized (c) {
            if (c.record().state().isRunning()) {
                throw new ConflictException("container " + rec.name() + " started while copying: try again");
            }
            Path root = snapshots.mount(fs, rec.layerDirsTopFirst());
            try {
                return use.apply(root);
            } finally {
                snapshots.unmount(fs);
            }
        }
    }
}
