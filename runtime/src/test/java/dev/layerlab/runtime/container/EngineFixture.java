package dev.layerlab.runtime.container;

import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A container service over real runc and overlayfs, with one image: a busybox rootfs directory. */
final class EngineFixture implements AutoCloseable {
    final Path data;
    final Path runcRoot;
    final Runc runc;
    final Snapshotter snapshots;
    final ContainerService containers;
    final Path busyboxLayer;

    EngineFixture() throws IOException {
        Syscalls.becomeSubreaper();
        data = Files.createTempDirectory("layerlab-test-");
        runcRoot = Path.of("/run/layerlab-test-" + data.getFileName().toString().substring(14));
        Files.createDirectories(runcRoot);
        runc = new Runc("runc", runcRoot);
        snapshots = new Snapshotter(data.resolve("snapshots"));
        busyboxLayer = BusyboxRootfs.create(data.resolve("busybox-layer"));
        ImageResolver images = name -> {
            if (!name.equals("busybox")) {
                throw new dev.layerlab.runtime.error.NotFoundException("No such image: " + name);
            }
            return new ResolvedImage("sha256:busybox", name, List.of(busyboxLayer),
                    new ImageDefaults(null, List.of("sh"), List.of("FROM_IMAGE=1"), "", "", "", java.util.Map.of(), List.of()));
        };
        containers = new ContainerService(new ContainerStore(data.resolve("containers"), 1 << 20, Clock.systemUTC()),
                snapshots, runc, images, volumes(), BindResolver.REFUSE, NetworkAttacher.NONE, Limits.DEFAULT, Clock.systemUTC(),
                Path.of("/etc/resolv.conf"));
    }

    private dev.layerlab.runtime.volume.VolumeStore volumes() throws IOException {
        return new dev.layerlab.runtime.volume.VolumeStore(data.resolve("volumes"), Clock.systemUTC());
    }

    @Override
    public void close() throws IOException {
        for (ContainerRecord c : containers.list()) {
            containers.remove(c.id(), true);
        }
        AtomicFiles.deleteTree(data);
        AtomicFiles.deleteTree(runcRoot);
    }
}
