package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker history}: the config's history steps, newest first, each step that made a layer
 * paired with that layer (in order) for its size. As in Docker, only the top step carries the image
 * ID: the steps below were never images of their own here, so they are {@code <missing>}.
 */
final class ImageHistory {
    private ImageHistory() {
    }

    static List<Map<String, Object>> of(Image image, LayerSizes sizes) {
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
        if (!out.isEmpty()) {
            out.getFirst().put("Id", image.id().toString());
            List<String> tags = ImageJson.repoTags(image, r -> true);
            out.getFirst().put("Tags", tags.isEmpty() ? null : tags);
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
