package dev.layerlab.runtime;

import dev.layerlab.runtime.base.BaseImages;
import dev.layerlab.runtime.container.ContainerService;
import dev.layerlab.runtime.container.ContainerStore;
import dev.layerlab.runtime.container.ExecService;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.DeleteResult;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.ImageUsers;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The embedded engine: one object that owns the stores and services over one data directory.
 * Containers run through runc; this process is their subreaper, so no daemon or shim is involved.
 */
public final class Engine implements AutoCloseable {
    private final EngineSettings settings;
    private final ContentStore content;
    private final ImageStore images;
    private final Snapshotter snapshots;
    private final Runc runc;
    private final ContainerService containers;
    private final ExecService execs;
    private final BaseImages baseImages;
    private final FilesystemViews views;
    private final Commits commits;
    private final DataDirLock lock;

    private Engine(EngineSettings settings) throws IOException {
        this.settings = settings;
        Path data = settings.dataDir().toAbsolutePath();
        Files.createDirectories(data);
        lock = DataDirLock.acquire(data);
        Syscalls.becomeSubreaper();
        content = new ContentStore(data.resolve("content"));
        images = new ImageStore(content, data.resolve("images"));
        snapshots = new Snapshotter(data.resolve("snapshots"));
        runc = new Runc(settings.runcBinary(), runcStateRoot(data));
        Files.createDirectories(runc.stateRoot());
        ContainerStore store = new ContainerStore(data.resolve("containers"), settings.limits().logMaxBytes(),
                Clock.systemUTC());
        EngineImageResolver resolver = new EngineImageResolver(images, content, snapshots);
        containers = new ContainerService(store, snapshots, runc, resolver,
                settings.limits(), Clock.systemUTC(), Path.of("/etc/resolv.conf"));
        execs = new ExecService(store, runc, snapshots);
        baseImages = new BaseImages(content, images, settings.cacheDir());
        views = new FilesystemViews(resolver, snapshots, store);
        commits = new Commits(content, images, snapshots, store);
    }

    /** Opens the engine over {@code settings.dataDir()}, recovering whatever a previous run left behind. */
    public static Engine open(EngineSettings settings) throws IOException {
        Engine engine = new Engine(settings);
        engine.containers.recover();
        return engine;
    }

    public EngineSettings settings() {
        return settings;
    }

    public ContentStore content() {
        return content;
    }

    public ImageStore images() {
        return images;
    }

    public Snapshotter snapshots() {
        return snapshots;
    }

    public ContainerService containers() {
        return containers;
    }

    public ExecService execs() {
        return execs;
    }

    public BaseImages baseImages() {
        return baseImages;
    }

    /** Where runc keeps this engine's container state (for tools and benchmarks that call runc directly). */
    public Path runcStateRoot() {
        return runc.stateRoot();
    }

    /** Questions the visualizations ask: which layer a path comes from, a container's changes and mounts. */
    public FilesystemViews views() {
        return views;
    }

    /** {@code docker commit} of a container's changes as a new image (tagged when {@code reference} is given). */
    public Image commit(String container, String reference, String comment, String author,
                        UnaryOperator<ContainerDefaults> changeDefaults) throws IOException {
        return commits.commit(container, reference, comment, author, changeDefaults);
    }

    /** {@code docker rmi}: refuses an image a container uses unless forced (and never a running one's). */
    public DeleteResult removeImage(String nameOrId, boolean force) throws IOException {
        return images.delete(nameOrId, force, imageId -> containers.list().stream()
                .filter(c -> c.imageId().equals(imageId.toString()))
                .findFirst()
                .map(c -> new ImageUsers.User(c.id(), c.state().isRunning())));
    }

    /** Deletes blobs and unpacked layers no image or container refers to; returns bytes freed. */
    public long collectGarbage() throws IOException {
        long freed = images.collectGarbage().bytesFreed();
        java.util.Set<Digest> inUse = new java.util.HashSet<>();
        images.list().forEach(i -> i.layers().forEach(l -> inUse.add(l.diffId())));
        containers.list().forEach(c -> c.layerDirsTopFirst().forEach(d -> inUse.add(snapshots.diffIdOf(d))));
        for (Digest layer : snapshots.layers()) {
            if (!inUse.contains(layer)) {
                snapshots.removeLayer(layer);
            }
        }
        return freed;
    }

    /**
     * runc keeps state in tmpfs under /run, one directory per data directory so engines never see
     * each other's containers; the name stays short because console socket paths live in it.
     */
    static Path runcStateRoot(Path dataDir) {
        String key = Digest.of(dataDir.toString().getBytes(StandardCharsets.UTF_8)).shortId();
        return Path.of("/run/layerlab", key);
    }

    /** Stops every running container and releases their mounts: nothing is left behind on the host. */
    @Override
    public void close() {
        containers.killAll();
        try {
            Files.deleteIfExists(runc.stateRoot()); // only if empty: runc forgot every container
        } catch (IOException e) {
            // something is still there; leave it for the next start's recovery
        }
        lock.close();
    }
}
