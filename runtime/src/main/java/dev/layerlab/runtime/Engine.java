package dev.layerlab.runtime;

import dev.layerlab.runtime.base.BaseImages;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.registry.Registry;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded engine over one data directory: shared content, layers and runc, and named
 * {@link Space}s (one per sandbox, plus {@value #DEFAULT_SPACE}) holding tags, containers and volumes.
 * Containers run through runc; this process is their subreaper, so no daemon or shim is involved.
 */
public final class Engine implements AutoCloseable {
    public static final String DEFAULT_SPACE = "default";
    private static final Pattern SPACE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final EngineSettings settings;
    private final Path data;
    private final ContentStore content;
    private final Snapshotter snapshots;
    private final Runc runc;
    private final DataDirLock lock;
    private final Map<String, Space> spaces = new LinkedHashMap<>();
    private final BaseImages baseImages;
    private final Registry registry;

    private Engine(EngineSettings settings) throws IOException {
        this.settings = settings;
        data = settings.dataDir().toAbsolutePath();
        Files.createDirectories(data.resolve("spaces"));
        lock = DataDirLock.acquire(data);
        Syscalls.becomeSubreaper();
        content = new ContentStore(data.resolve("content"));
        registry = new Registry(data.resolve("registry"), content);
        snapshots = new Snapshotter(data.resolve("snapshots"));
        runc = new Runc(settings.runcBinary(), runcStateRoot(data));
        Files.createDirectories(runc.stateRoot());
        Space defaults = new Space(DEFAULT_SPACE, data.resolve("spaces").resolve(DEFAULT_SPACE), content, snapshots, runc,
                SpaceOptions.isolated(settings.limits()), Set::of);
        spaces.put(DEFAULT_SPACE, defaults);
        baseImages = new BaseImages(content, defaults.images(), settings.cacheDir());
    }

    /** Opens the engine over {@code settings.dataDir()}, recovering whatever a previous run left behind. */
    public static Engine open(EngineSettings settings) throws IOException {
        Engine engine = new Engine(settings);
        try (Stream<Path> dirs = Files.list(engine.data.resolve("spaces"))) {
            for (Path dir : dirs.sorted().toList()) {
                engine.space(dir.getFileName().toString(), SpaceOptions.isolated(settings.limits()));
            }
        }
        Set<String> known = new HashSet<>();
        for (Space s : engine.spaces()) {
            s.containers().recover();
            s.containers().list().forEach(c -> known.add(c.id()));
        }
        for (String id : engine.runc.list()) {
            if (!known.contains(id)) {
                engine.deleteRuncQuietly(id);
            }
        }
        for (String id : engine.snapshots.writableLayerIds()) {
            if (!known.contains(id)) {
                engine.snapshots.remove(id); // a build step's, or a container's whose record never got written
            }
        }
        return engine;
    }

    public EngineSettings settings() {
        return settings;
    }

    public ContentStore content() {
        return content;
    }

    /** The built-in registry: its blobs are this engine's content. */
    public Registry registry() {
        return registry;
    }

    public Snapshotter snapshots() {
        return snapshots;
    }

    /** The base images (busybox, debian): built once, then visible in every space. */
    public BaseImages baseImages() {
        return baseImages;
    }

    /** The space of callers that have no sandbox (the server itself, tests, tools). */
    public synchronized Space defaultSpace() {
        return spaces.get(DEFAULT_SPACE);
    }

    /**
     * The space {@code name}, made (with the base images tagged in it) if it does not exist yet;
     * {@code options} decide its bind mounts, networks and limits (given when it is first opened).
     */
    public synchronized Space space(String name, SpaceOptions options) throws IOException {
        Space existing = spaces.get(name);
        if (existing != null) {
            return existing;
        }
        if (!SPACE_NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid space name: " + name);
        }
        boolean fresh = !Files.isDirectory(data.resolve("spaces").resolve(name));
        Space space = new Space(name, data.resolve("spaces").resolve(name), content, snapshots, runc, options,
                () -> defaultSpace().images().referencedBlobs());
        spaces.put(name, space);
        if (fresh && !name.equals(DEFAULT_SPACE)) {
            for (BaseImages.Tagged base : baseImages.present()) {
                space.adopt(base.image(), base.tags());
            }
        }
        return space;
    }

    public synchronized Space existingSpace(String name) {
        Space s = spaces.get(name);
        if (s == null) {
            throw new NotFoundException("no such space: " + name);
        }
        return s;
    }

    public synchronized List<Space> spaces() {
        return new ArrayList<>(spaces.values());
    }

    /** Removes a space with everything in it: containers (killed), volumes and tags. */
    public void deleteSpace(String name) throws IOException {
        Space space;
        synchronized (this) {
            space = spaces.remove(name);
        }
        if (space == null) {
            return;
        }
        for (var c : space.containers().list()) {
            try {
                space.containers().remove(c.id(), true, true);
            } catch (dev.layerlab.runtime.error.NotFoundException gone) {
                // removed meanwhile (a --rm container that had just exited)
            }
        }
        space.events().close();
        AtomicFiles.deleteTree(space.root());
    }

    /** Where runc keeps this engine's container state (for tools and benchmarks that call runc directly). */
    public Path runcStateRoot() {
        return runc.stateRoot();
    }

    /** Deletes blobs and unpacked layers no image (of any space), registry repository or container refers to; returns bytes freed. */
    public long collectGarbage() throws IOException {
        long freed = content.collect(() -> {
            Set<Digest> roots = new HashSet<>(registry.referencedBlobs());
            spaces().forEach(s -> roots.addAll(s.images().referencedBlobs()));
            return roots;
        }).bytesFreed();
        Set<Digest> inUse = new HashSet<>();
        for (Space s : spaces()) {
            s.images().list().forEach(i -> i.layers().forEach(l -> inUse.add(l.diffId())));
            s.containers().list().forEach(c -> c.layerDirsTopFirst().forEach(d -> inUse.add(snapshots.diffIdOf(d))));
        }
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

    private void deleteRuncQuietly(String id) {
        try {
            runc.delete(id, true);
        } catch (RuntimeException e) {
            // gone already
        }
    }

    /** Stops every running container and releases their mounts: nothing is left behind on the host. */
    @Override
    public void close() {
        spaces().forEach(s -> s.containers().killAll());
        try {
            Files.deleteIfExists(runc.stateRoot()); // only if empty: runc forgot every container
        } catch (IOException e) {
            // something is still there; leave it for the next start's recovery
        }
        lock.close();
    }
}
