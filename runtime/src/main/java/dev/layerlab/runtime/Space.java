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
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.DeleteResult;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.ImageUsers;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.volume.VolumeStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One isolated view of the engine (one per sandbox): its own tags, containers, volumes and execs.
 * Image content and unpacked layers are shared by every space, so a layer is stored once.
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
    private final FilesystemViews views;
    private final Commits commits;
    private final Builder builder;
    private final BuildTools buildTools;
    private final BuildSlots buildSlots;

    Space(String name, Path root, ContentStore content, Snapshotter snapshots, Runc runc, SpaceOptions options)
            throws IOException {
        this.name = name;
        this.root = root;
        this.content = content;
        SpaceQuotas quotas = options.quotas();
        images = new ImageStore(content, root.resolve("images"), quotas.maxTags());
        volumes = new VolumeStore(root.resolve("volumes"), Clock.systemUTC(), quotas.maxVolumes());
        ContainerStore store = new ContainerStore(root.resolve("containers"), options.limits().logMaxBytes(), Clock.systemUTC());
        ImageResolver resolver = new EngineImageResolver(images, content, snapshots);
        containers = new ContainerService(store, snapshots, runc, resolver, volumes, options.binds(), options.networks(),
                options.limits(),
                Clock.systemUTC(), Path.of("/etc/resolv.conf"));
        execs = new ExecService(store, runc, snapshots, quotas.maxExecs(), Clock.systemUTC(), options.limits().openFiles(),
                containers.outputBudget());
        views = new FilesystemViews(resolver, snapshots, store);
        commits = new Commits(content, images, snapshots, store);
        buildTools = BuildTools.of(root, images, content, snapshots, resolver, containers,
                options.networks().outboundNamespace(), MAX_CONTEXT_BYTES, Clock.systemUTC());
        builder = new Builder(buildTools, Clock.systemUTC());
        buildSlots = new BuildSlots(quotas.maxBuilds(), quotas.buildTimeout());
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

    public ExecService execs() {
        return execs;
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
        for (ImageReference tag : tags) {
            images.tag(here, tag);
        }
    }
}
