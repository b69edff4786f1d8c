package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.Container;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.Status;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.nio.file.Path;

/**
 * A container's root filesystem for {@code docker cp} and commit-like reads, held still while used.
 * A running container is frozen for the duration (Docker's fix for CVE-2018-15664): otherwise its
 * processes could swap a checked directory for a symlink between our check and our write. A stopped
 * one is mounted for the duration, holding its lock so that nobody starts it meanwhile.
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
        Snapshotter snapshots = ctx.engine().snapshots();
        ContainerFs fs = snapshots.fsOf(c.id());
        ContainerRecord rec = c.record();
        if (rec.state().isRunning()) {
            boolean froze = rec.state().status() == Status.RUNNING;
            if (froze) {
                containers.pause(c.id());
            }
            try {
                return use.apply(fs.merged());
            } finally {
                if (froze) {
                    containers.unpause(c.id());
                }
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
