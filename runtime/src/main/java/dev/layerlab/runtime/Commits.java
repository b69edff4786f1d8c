package dev.layerlab.runtime;

import dev.layerlab.runtime.container.ContainerEvents;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ContainerStore;
import dev.layerlab.runtime.container.MountPointStubs;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.RootFs;
import dev.layerlab.runtime.layer.LayerBlobs;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code docker commit}: a container's writable layer becomes a new layer on top of its image.
 * The same path (upper directory to layer tar, whiteouts included) will serve the builder's RUN.
 */
final class Commits {
    private final ContentStore content;
    private final ImageStore images;
    private final Snapshotter snapshots;
    private final ContainerStore containers;
    private final DiskQuota quota;

    Commits(ContentStore content, ImageStore images, Snapshotter snapshots, ContainerStore containers, DiskQuota quota) {
        this.content = content;
        this.images = images;
        this.snapshots = snapshots;
        this.containers = containers;
        this.quota = quota;
    }

    /**
     * Commits {@code container} as a new image; {@code changeDefaults} may alter the inherited
     * defaults (Docker's --change); {@code reference} may be null for an untagged image.
     */
    Image commit(String container, String reference, String comment, String author,
                 UnaryOperator<ContainerDefaults> changeDefaults) throws IOException {
        ContainerRecord rec = containers.get(container).record();
        Image base = images.resolve(rec.imageId());
        try (ContentStore.Lease ignored = content.lease()) {
            if (!rec.state().isRunningOrRestarting()) {
                // A running (or restarting) container has its mounts on these paths; pruning is for stopped ones.
                MountPointStubs.prune(rec, snapshots.fsOf(rec.id()));
            }
            // The layer goes to the shared store: refused before anything is written unless it fits the quota.
            quota.admitLayerOf(snapshots.fsOf(rec.id()).upper());
            Descriptor layer = LayerBlobs.store(snapshots.fsOf(rec.id()).upper(), content).blob();
            String now = Instant.now().toString();
            ImageConfig parent = base.config();
            List<Descriptor> layers = new ArrayList<>(base.layers().stream().map(Image.Layer::blob).toList());
            layers.add(layer);
            List<dev.layerlab.runtime.content.Digest> diffIds = new ArrayList<>(parent.diffIds());
            diffIds.add(layer.digest());
            List<History> history = new ArrayList<>(parent.history() == null ? List.of() : parent.history());
            history.add(new History(now, String.join(" ", rec.effective().argv()), author, comment, null));
            ContainerDefaults defaults = changeDefaults.apply(
                    parent.config() == null ? ContainerDefaults.empty() : parent.config());
            ImageConfig config = new ImageConfig(now, author, parent.architecture(), parent.os(), parent.osVersion(),
                    parent.osFeatures(), parent.variant(), defaults, new RootFs("layers", diffIds), history, parent.other());
            Image image = images.create(config, layers);
            images.setParent(image, base); // Docker's Parent: the image the container ran
            String imageRef = "";
            if (reference != null && !reference.isEmpty()) {
                ImageReference ref = ImageReference.parse(reference);
                images.tag(image, ref);
                image = images.resolve(reference);
                imageRef = ref.familiarString();
            }
            new ContainerEvents(containers.events()).publish(rec, "commit", java.util.Map.of(
                    "comment", comment == null ? "" : comment, "imageID", image.id().toString(), "imageRef", imageRef));
            return image;
        }
    }
}
