package dev.layerlab.runtime;

import dev.layerlab.runtime.build.BuildCancellation;
import dev.layerlab.runtime.build.BuildOutput;
import dev.layerlab.runtime.build.BuildRecords;
import dev.layerlab.runtime.build.BuildRequest;
import dev.layerlab.runtime.build.BuildSlots;
import dev.layerlab.runtime.build.BuildTools;
import dev.layerlab.runtime.build.Builder;
import dev.layerlab.runtime.build.context.BuildContext;
import dev.layerlab.runtime.container.ContainerService;
import dev.layerlab.runtime.container.ContainerStore;
import dev.layerlab.runtime.container.ExecService;
import dev.layerlab.runtime.container.Healthchecks;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.disk.LoopDisk;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.DeleteResult;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageImporter;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.ImageUsers;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.volume.VolumeStore;

import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One isolated view of the engine (one per sandbox): its own tags, containers, volumes and execs.
 * Image content and unpacked layers are shared by every space, so a layer is stored once. A sandbox's
 * space keeps what its learner writes (containers' writable layers, volumes, logs, build temporaries) on
 * the sandbox's disk, under {@code <disk>/<space>/}, and its records (container.json, tags, build cache)
 * here in the data directory, so a full disk never stops the engine recording what happens.
 */
public final class Space {
    /** The largest build context (uncompressed) or ADD download accepted: a guard for the server's disk, not a Docker limit. */
    public static final long MAX_CONTEXT_BYTES = 512L << 20;

    private final String name;
    private final Path root;
    private final ContentStore content;
    private final ImageStore images;
    private final VolumeStore volumes;
    private final ContainerService containers;
    private final ExecService execs;
    private final Healthchecks healthchecks;
    private final FilesystemViews views;
    private final Commits commits;
    private final Builder builder;
    private final BuildTools buildTools;
    private final BuildSlots buildSlots;
    private final Snapshotter snapshots;
    private final DiskQuota diskQuota;
    private final IdRange ids;
    private final EventFeed events = new EventFeed();

    /** {@code sharedBlobs}: the blobs of the engine's own images, which a sandbox's quota does not count. */
    Space(String name, Path root, ContentStore content, Snapshotter sharedSnapshots, Runc runc, SpaceOptions options,
          Supplier<Set<Digest>> sharedBlobs) throws IOException {
        this.name = name;
        this.root = root;
        this.content = content;
        this.ids = options.ids();
        SpaceQuotas quotas = options.quotas();
        LoopDisk disk = options.disk();
        Path bulk = disk == null ? root : disk.root().resolve(name);
        Snapshotter snapshots = disk == null ? sharedSnapshots : sharedSnapshots.withContainersRoot(bulk.resolve("writable"));
        this.snapshots = snapshots;
        images = new ImageStore(content, root.resolve("images"), quotas.maxTags(), events);
        if (disk == null) {
            diskQuota = DiskQuota.NONE;
        } else {
            OwnImageBytes own = new OwnImageBytes(images, sharedBlobs, content, snapshots);
            diskQuota = new DiskQuota(disk.sizeBytes(), () -> disk.usedBytes() + own.bytes());
        }
        volumes = new VolumeStore(bulk.resolve("volumes"), Clock.systemUTC(), quotas.maxVolumes(), options.ids(), events);
        ContainerStore store = new ContainerStore(root.resolve("containers"), disk == null ? root.resolve("containers")
                : bulk.resolve("logs"), options.limits().logMaxBytes(), Clock.systemUTC(), events);
        ImageResolver resolver = new EngineImageResolver(images, content, snapshots, diskQuota, sharedBlobs);
        containers = new ContainerService(store, snapshots, runc, resolver, volumes, options.binds(), options.networks(),
                options.limits(),
                Clock.systemUTC(), Path.of("/etc/resolv.conf"), options.userns());
        execs = new ExecService(store, runc, snapshots, quotas.maxExecs(), Clock.systemUTC(), options.limits().openFiles(),
                containers.outputBudget(), ids);
        healthchecks = new Healthchecks(store, execs, Clock.systemUTC());
        containers.runHealthchecks(healthchecks);
        views = new FilesystemViews(resolver, snapshots, store);
        commits = new Commits(content, images, snapshots, store, diskQuota);
        buildTools = BuildTools.of(root, bulk.resolve("build-tmp"), diskQuota, images, content, snapshots, resolver,
                containers, options.networks().outboundNamespace(), MAX_CONTEXT_BYTES, Clock.systemUTC());
        builder = new Builder(buildTools, Clock.systemUTC(), events);
        buildSlots = new BuildSlots(quotas.maxBuilds(), quotas.buildTimeout());
    }

    /** What the space's containers' ids are on the real host ({@link IdRange#NONE}: the same, no user namespace). */
    public IdRange ids() {
        return ids;
    }

    /** What changes in this space (its containers, images, volumes, network, builds), for {@code docker events} and the pages. */
    public EventFeed events() {
        return events;
    }

    public String name() {
        return name;
    }

    Path root() {
        return root;
    }

    public ImageStore images() {
        return images;
    }

    public VolumeStore volumes() {
        return volumes;
    }

    public ContainerService containers() {
        return containers;
    }

    /** Its containers' healthchecks and their health ({@code State.Health}). */
    public Healthchecks healthchecks() {
        return healthchecks;
    }

    public ExecService execs() {
        return execs;
    }

    /** This space's snapshots: the shared layers, and its containers' writable directories. */
    public Snapshotter snapshots() {
        return snapshots;
    }

    /**
     * Where the engine keeps temporary files for this space (build contexts, a {@code docker cp} upload being
     * spooled): on the sandbox's disk when it has one, so they count against its quota and end at it.
     */
    public Path scratchDir() {
        return buildTools.workDir();
    }

    /** The sandbox's disk quota and its use ({@link DiskQuota#NONE} for the engine's own spaces). */
    public DiskQuota diskQuota() {
        return diskQuota;
    }

    /** Bytes the container (its full ID) wrote into its writable layer (apparent sizes, as {@code docker ps -s} shows). */
    public long writableLayerBytes(String containerId) {
        return DiskQuota.bytesUnder(snapshots.fsOf(containerId).upper());
    }

    /**
     * {@code docker load}: the archive is stored as it is read, so a sandbox with a disk quota may load no
     * more than still fits in it (refused, with nothing of the archive kept, once it would not).
     */
    public List<ImageImporter.Loaded> load(InputStream archive) throws IOException {
        return new ImageImporter(content, images).load(diskQuota.limit(archive));
    }

    /** Questions the visualizations ask: which layer a path comes from, a container's changes and mounts. */
    public FilesystemViews views() {
        return views;
    }

    /** {@code docker commit} of a container's changes as a new image (tagged when {@code reference} is given). */
    public Image commit(String container, String reference, String comment, String author,
                        UnaryOperator<ContainerDefaults> changeDefaults) throws IOException {
        try {
            return commits.commit(container, reference, comment, author, changeDefaults);
        } catch (IOException e) {
            diskQuota.failIfFull(e);
            throw e;
        }
    }

    /**
     * {@code docker build} of a context tar as the client sent it (at most {@link #MAX_CONTEXT_BYTES}); the
     * temporary copy of the context is gone when this returns.
     */
    public Image build(BuildRequest request, InputStream contextTar, BuildOutput out) throws IOException {
        return build(request, contextTar, out, new BuildCancellation());
    }

    /**
     * A build of the client's context that {@code cancellation} can stop (its client left); within the space's
     * quotas: refused beyond its concurrent builds, cancelled past its build timeout.
     */
    public Image build(BuildRequest request, InputStream contextTar, BuildOutput out, BuildCancellation cancellation)
            throws IOException {
        try (BuildSlots.Slot ignored = buildSlots.open(cancellation);
             BuildContext context = BuildContext.receive(contextTar, buildTools.workDir(), MAX_CONTEXT_BYTES)) {
            return builder.build(request, context, out, cancellation);
        } catch (IOException e) {
            diskQuota.failIfFull(e); // the context or a COPY met the disk's end
            throw e;
        }
    }

    /** {@code docker build} of a context already on this machine (the playground's own images). */
    public Image build(BuildRequest request, BuildContext context, BuildOutput out) throws IOException {
        BuildCancellation cancellation = new BuildCancellation();
        try (BuildSlots.Slot ignored = buildSlots.open(cancellation)) {
            return builder.build(request, context, out, cancellation);
        }
    }

    /** The last builds of this space, step by step, with each step's cache verdict. */
    public BuildRecords builds() {
        return buildTools.records();
    }

    /** {@code docker rmi}: refuses an image a container uses unless forced (and never a running one's). */
    public DeleteResult removeImage(String nameOrId, boolean force) throws IOException {
        return images.delete(nameOrId, force, imageId -> containers.list().stream()
                .filter(c -> c.imageId().equals(imageId.toString()))
                .findFirst()
                .map(c -> new ImageUsers.User(c.id(), c.state().isRunning())));
    }

    /** {@code docker volume rm}: refused while a container (running or not) uses the volume. */
    public void removeVolume(String volume, boolean force) throws IOException {
        volumes.remove(volume, force, containers::volumeUsers);
    }

    /** Makes an image of another space known here under {@code tags} (content is shared, nothing is copied). */
    public void adopt(Image image, List<ImageReference> tags) throws IOException {
        Image here = images.put(content.read(image.manifestDigest()));
        Map<ImageReference, Image> names = new LinkedHashMap<>();
        tags.forEach(tag -> names.put(tag, here));
        images.tagAllWithoutEvents(names); // the engine's own setup: no learner did it

    }
}
