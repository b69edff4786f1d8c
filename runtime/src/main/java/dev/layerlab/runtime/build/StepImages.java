package dev.layerlab.runtime.build;

import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.Platform;
import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.Platforms;
import dev.layerlab.runtime.image.RootFs;
import dev.layerlab.runtime.layer.LayerBlobs;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the image of one build step, as the legacy builder does: the parent's layers (plus the step's
 * layer, if it changed files), the stage's current config, the parent's history plus one entry, and
 * the parent link that {@code docker history} and the cache follow.
 */
final class StepImages {
    private final ImageStore images;
    private final Clock clock;

    StepImages(ImageStore images, Clock clock) {
        this.images = images;
        this.clock = clock;
    }

    /** Commits {@code state} as a new image; {@code layer} is null for a step that changed no files. */
    Image commit(StageState state, String createdBy, LayerBlobs.Stored layer) throws IOException {
        Image parent = state.image;
        String now = clock.instant().toString();
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        List<History> history = new ArrayList<>();
        String architecture;
        String os;
        if (parent != null) {
            parent.layers().forEach(l -> layers.add(l.blob()));
            diffIds.addAll(parent.config().diffIds());
            if (parent.config().history() != null) {
                history.addAll(parent.config().history());
            }
            architecture = parent.config().architecture();
            os = parent.config().os();
        } else {
            Platform host = Platforms.host();
            architecture = host.architecture();
            os = host.os();
        }
        if (layer != null) {
            layers.add(layer.blob());
            diffIds.add(layer.stats().diffId());
        }
        history.add(new History(now, createdBy, state.author, null, layer == null ? Boolean.TRUE : null));
        ImageConfig config = new ImageConfig(now, state.author, architecture, os, null, null, null,
                state.defaults(), RootFs.of(diffIds), history, Map.of());
        Image image = images.create(config, layers);
        if (parent != null) {
            images.setParent(image, parent);
        }
        return image;
    }
}
