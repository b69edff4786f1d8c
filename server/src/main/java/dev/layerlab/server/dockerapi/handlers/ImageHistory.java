package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.NotFoundException;
import java.util.Optional;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker history}: the config's history steps, newest first, each step that made a layer
 * paired with that layer (in order) for its size. As in Docker, IDs are filled from the top by
 * following the image's parents: the steps of a local build are images of their own (each with its
 * tags), the steps below the first image without a parent here (a pulled or base image) are
 * {@code <missing>}.
 */
final class ImageHistory {
    private ImageHistory() {
    }

    static List<Map<String, Object>> of(Image image, LayerSizes sizes, ImageStore store) {
        ImageConfig cfg = image.config();
        List<History> steps = cfg.history();
        if (steps == null || steps.isEmpty()) {
            // No history recorded (some imported images): one anonymous step per layer.
            steps = new ArrayList<>();
            for (int i = 0; i < image.layers().size(); i++) {
                steps.add(new History(cfg.created(), "", null, null, false));
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int layer = 0;
        for (History step : steps) {
            long size = 0;
            if (step.producesLayer() && layer < image.layers().size()) {
                size = sizes.of(image.layers().get(layer++));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Comment", step.comment() == null ? "" : step.comment());
            m.put("Created", unixSeconds(step.created()));
            m.put("CreatedBy", step.createdBy() == null ? "" : step.createdBy());
            m.put("Id", "<missing>");
            m.put("Size", size);
            m.put("Tags", null);
            out.add(m);
        }
        Collections.reverse(out);
        Image current = image;
        for (Map<String, Object> entry : out) {
            entry.put("Id", current.id().toString());
            List<String> tags = ImageJson.repoTags(current, r -> true);
            entry.put("Tags", tags.isEmpty() ? null : tags);
            Optional<Digest> parent = store.parentOf(current.id());
            if (parent.isEmpty()) {
                break;
            }
            try {
                current = store.resolve(parent.get().toString());
            } catch (NotFoundException e) {
                break;
            }
        }
        return out;
    }

    private static long unixSeconds(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return 0;
        }
        try {
            return Instant.parse(rfc3339).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
