package dev.layerlab.runtime.snapshot;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.fs.FdMount;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.LayerTars;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Mounts;
import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.runtime.userns.UserNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Overlay snapshots. Each layer is unpacked once into {@code layers/<diffID>/diff}, read-only and
 * shared by every image and container that has it; each container gets its own upper and work
 * directory, mounted over its image's layers only while it runs. A sandbox's containers keep their
 * writable directories on the sandbox's own disk ({@link #withContainersRoot}), so what they write
 * counts against its quota, while the layers stay shared.
 */
public final class Snapshotter {
    private final Path layersRoot;
    private final Path containersRoot;
    private final Path emptyLayer;
    private final ConcurrentHashMap<Digest, Object> unpackLocks;

    public Snapshotter(Path root) throws IOException {
        this(root.resolve("layers"), root.resolve("containers"), root.resolve("empty"), new ConcurrentHashMap<>());
    }

    private Snapshotter(Path layersRoot, Path containersRoot, Path emptyLayer, ConcurrentHashMap<Digest, Object> unpackLocks)
            throws IOException {
        this.layersRoot = layersRoot;
        this.containersRoot = containersRoot;
        this.emptyLayer = emptyLayer;
        this.unpackLocks = unpackLocks;
        Files.createDirectories(layersRoot);
        Files.createDirectories(containersRoot);
        Files.createDirectories(emptyLayer);
    }

    /**
     * The same shared layers, with containers' writable directories (upper, work, merged, views) under
     * {@code containersRoot} instead: a space on a sandbox's own disk.
     */
    public Snapshotter withContainersRoot(Path containersRoot) throws IOException {
        return new Snapshotter(layersRoot, containersRoot, emptyLayer, unpackLocks);
    }

    /** Where layer {@code diffId} is (or would be) unpacked. */
    public Path layerDir(Digest diffId) {
        return layersRoot.resolve(diffId.hex()).resolve("diff");
    }

    /** The diffID of a directory made by {@link #layerDir}. */
    public Digest diffIdOf(Path layerDir) {
        return new Digest(layerDir.getParent().getFileName().toString());
    }

    public boolean hasLayer(Digest diffId) {
        return Files.isDirectory(layerDir(diffId));
    }

    /**
     * Unpacks the layer blob (any compression) unless it already is; checks that what was unpacked
     * has the diffID the image promised, else nothing is kept.
     */
    public Path ensureLayer(Digest diffId, Path blob) throws IOException {
        return ensureLayer(diffId, blob, Long.MAX_VALUE);
    }

    /**
     * {@link #ensureLayer(Digest, Path)}, refusing ({@link dev.layerlab.runtime.layer.LayerTooLargeException})
     * a layer not unpacked yet whose tar is larger than {@code maxTarBytes}, before anything of it is written.
     */
    public Path ensureLayer(Digest diffId, Path blob, long maxTarBytes) throws IOException {
        Path dir = layerDir(diffId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        synchronized (unpackLocks.computeIfAbsent(diffId, d -> new Object())) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Files.createDirectories(dir.getParent());
            try {
                LayerTars.LayerStats stats = LayerTars.extractAsOverlayDiff(blob, dir, maxTarBytes);
                if (!stats.diffId().equals(diffId)) {
                    throw new EngineException("layer " + blob.getFileName() + " unpacks to " + stats.diffId()
                            + " but the image says " + diffId);
                }
                return dir;
            } catch (IOException | RuntimeException e) {
                AtomicFiles.deleteTree(dir.getParent());
                throw e;
            }
        }
    }

    /** The unpacked layers present on disk. */
    public Set<Digest> layers() throws IOException {
        try (Stream<Path> dirs = Files.list(layersRoot)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> n.length() == 64)
                    .map(Digest::new).collect(Collectors.toSet());
        }
    }

    public void removeLayer(Digest diffId) throws IOException {
        AtomicFiles.deleteTree(layersRoot.resolve(diffId.hex()));
    }

    /** Creates (or finds) the writable directories of a container. */
    public ContainerFs prepare(String containerId) throws IOException {
        ContainerFs fs = fsOf(containerId);
        Files.createDirectories(fs.upper());
        Files.createDirectories(fs.work());
        Files.createDirectories(fs.merged());
        return fs;
    }

    public ContainerFs fsOf(String containerId) {
        Path dir = containersRoot.resolve(containerId);
        return new ContainerFs(dir.resolve("upper"), dir.resolve("work"), dir.resolve("merged"), dir.resolve("init"));
    }

    /**
     * Mounts the container's overlay over its init layer, if it has one, and {@code lowersTopFirst}; a no-op if it
     * is mounted already.
     */
    public Path mount(ContainerFs fs, List<Path> lowersTopFirst) throws IOException {
        if (Mounts.isMountPoint(fs.merged())) {
            return fs.merged();
        }
        List<Path> withInit = fs.lowersTopFirst(lowersTopFirst);
        List<Path> lowers = withInit.isEmpty() ? List.of(emptyLayer) : withInit;
        Mounts.overlay(lowers, fs.upper(), fs.work(), fs.merged());
        return fs.merged();
    }

    /**
     * {@link #mount(ContainerFs, List)} for a container of a sandbox with user namespace {@code userns}:
     * each layer and the container's writable directory go in as detached idmapped clones (by
     * descriptor, {@code /proc/self/fd/N}), so files owned by k on disk are the sandbox's k inside and
     * the shared layers stay unpacked once; the init layer, owned by ids 0 on disk like the layers, goes in the same way. Mounted as the sandbox's root ({@link AsSandboxRoot}),
     * whose credentials overlay keeps for copy-up. Without a namespace, a plain mount.
     */
    public Path mount(ContainerFs fs, List<Path> lowersTopFirst, UserNamespace userns) throws IOException {
        if (userns == null) {
            return mount(fs, lowersTopFirst);
        }
        if (Mounts.isMountPoint(fs.merged())) {
            return fs.merged();
        }
        List<Path> withInit = fs.lowersTopFirst(lowersTopFirst);
        List<Path> lowers = withInit.isEmpty() ? List.of(emptyLayer) : withInit;
        List<FdMount> clones = new java.util.ArrayList<>();
        try (Fd ns = userns.open()) {
            for (Path lower : lowers) {
                clones.add(idmappedClone(lower, ns));
            }
            FdMount writable = idmappedClone(fs.upper().getParent(), ns);
            clones.add(writable);
            String options = "lowerdir=" + clones.subList(0, lowers.size()).stream().map(FdMount::procPath)
                    .collect(Collectors.joining(":"))
                    + ",upperdir=" + writable.procPath() + "/" + fs.upper().getFileName()
                    + ",workdir=" + writable.procPath() + "/" + fs.work().getFileName() + ",index=off";
            AsSandboxRoot.run(userns.range(), () -> {
                Mounts.mount("overlay", fs.merged(), "overlay", 0, options);
                return null;
            });
        } finally {
            clones.forEach(FdMount::close); // the overlay holds its layers
        }
        return fs.merged();
    }

    private static FdMount idmappedClone(Path dir, Fd ns) throws IOException {
        try (PathFd at = PathFd.ofTrusted(dir)) {
            FdMount clone = FdMount.cloneOf(at);
            try {
                clone.idmap(ns.number());
            } catch (IOException | RuntimeException e) {
                clone.close();
                throw e;
            }
            return clone;
        }
    }

    public void unmount(ContainerFs fs) throws IOException {
        Mounts.unmountIfMounted(fs.merged());
    }

    /**
     * A private mount of a container's mounted overlay (not the mounts inside it) on a fresh directory
     * of the engine's, for docker cp to put the container's mounts on; closing it unmounts it with
     * whatever was mounted on it.
     */
    public FilesView filesView(ContainerFs fs) throws IOException {
        Path dir = fs.merged().resolveSibling("view-" + java.util.UUID.randomUUID());
        Files.createDirectory(dir);
        try (PathFd merged = PathFd.ofTrusted(fs.merged()); FdMount clone = FdMount.cloneOf(merged);
             PathFd at = PathFd.ofTrusted(dir)) {
            clone.attachAt(at);
        } catch (IOException | RuntimeException e) {
            Files.delete(dir);
            throw e;
        }
        return new FilesView(dir);
    }

    /** See {@link #filesView}. */
    public record FilesView(Path root) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Mounts.unmountIfMounted(root);
            Files.deleteIfExists(root);
        }
    }

    /** IDs of every writable layer on disk (containers' and build steps'), to find leftovers after a crash. */
    public Set<String> writableLayerIds() throws IOException {
        try (var dirs = Files.list(containersRoot)) {
            return dirs.map(d -> d.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Unmounts and deletes a container's writable layer. */
    public void remove(String containerId) throws IOException {
        ContainerFs fs = fsOf(containerId);
        unmount(fs);
        try (var views = Files.list(containersRoot.resolve(containerId))) { // left by a crash: never delete through them
            for (Path v : views.filter(p -> p.getFileName().toString().startsWith("view-")).toList()) {
                Mounts.unmountIfMounted(v);
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // nothing on disk
        }
        AtomicFiles.deleteTree(containersRoot.resolve(containerId));
    }
}
