package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.server.dockerapi.ApiVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Images as the Engine API shows them: the summary of {@code /images/json} and the inspect document. */
final class ImageJson {
    /** API 1.43 stopped sending {@code <none>:<none>} placeholders and 1.44 dropped VirtualSize. */
    private static final ApiVersion PLACEHOLDERS_UNTIL = ApiVersion.parse("1.43");

    private ImageJson() {
    }

    static List<String> repoTags(Image image, Predicate<ImageReference> keep) {
        return image.references().stream().filter(r -> r.tag().isPresent() && r.digest().isEmpty())
                .filter(keep).map(ImageReference::familiarString).toList();
    }

    static List<String> repoDigests(Image image) {
        return image.references().stream().filter(r -> r.digest().isPresent()).map(ImageReference::familiarString).toList();
    }

    static Map<String, Object> summary(Image image, String parent, long size, int containers, ApiVersion version,
                                       Predicate<ImageReference> keep) {
        List<String> tags = repoTags(image, keep);
        List<String> digests = repoDigests(image);
        boolean old = version.isBefore(PLACEHOLDERS_UNTIL);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", containers);
        m.put("Created", DockerTime.unixSeconds(image.created()));
        m.put("Id", image.id().toString());
        m.put("Labels", labels(image));
        m.put("ParentId", parent);
        m.put("RepoDigests", digests.isEmpty() && old && image.dangling() ? List.of("<none>@<none>") : digests);
        m.put("RepoTags", tags.isEmpty() && old && image.dangling() ? List.of("<none>:<none>") : tags);
        m.put("SharedSize", -1);
        m.put("Size", size);
        if (version.isBefore(ApiVersion.V1_44)) {
            m.put("VirtualSize", size);
        }
        return m;
    }

    static Map<String, String> labels(Image image) {
        var defaults = image.config().config();
        return defaults == null || defaults.labels() == null ? Map.of() : defaults.labels();
    }

    static Map<String, Object> inspect(Image image, String parent, long size, ApiVersion version) {
        ImageConfig cfg = image.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", image.id().toString());
        m.put("RepoTags", repoTags(image, r -> true));
        m.put("RepoDigests", repoDigests(image));
        m.put("Parent", parent);
        m.put("Comment", text(cfg.other().get("comment")));
        m.put("Created", DockerTime.rfc3339Nano(image.created()));
        m.put("Container", "");
        m.put("ContainerConfig", Map.of());
        m.put("DockerVersion", text(cfg.other().get("docker_version")));
        m.put("Author", cfg.author() == null ? "" : cfg.author());
        m.put("Config", cfg.config());
        m.put("Architecture", cfg.architecture() == null ? "" : cfg.architecture());
        if (cfg.variant() != null) {
            m.put("Variant", cfg.variant());
        }
        m.put("Os", cfg.os() == null ? "" : cfg.os());
        m.put("Size", size);
        if (version.isBefore(ApiVersion.V1_44)) {
            m.put("VirtualSize", size);
        }
        m.put("GraphDriver", graphDriver(image));
        List<String> layers = new ArrayList<>();
        cfg.diffIds().forEach(d -> layers.add(d.toString()));
        m.put("RootFS", Map.of("Type", "layers", "Layers", layers));
        m.put("Metadata", Map.of("LastTagTime", DockerTime.ZERO));
        return m;
    }

    /** Docker's overlay2 paths, made up from the diffIDs: the real data directory stays private. */
    private static Map<String, Object> graphDriver(Image image) {
        Map<String, String> data = new LinkedHashMap<>();
        List<Image.Layer> layers = image.layers();
        if (!layers.isEmpty()) {
            String top = "/var/lib/docker/overlay2/" + layers.getLast().diffId().hex();
            List<String> lower = new ArrayList<>();
            for (int i = layers.size() - 2; i >= 0; i--) {
                lower.add("/var/lib/docker/overlay2/" + layers.get(i).diffId().hex() + "/diff");
            }
            if (!lower.isEmpty()) {
                data.put("LowerDir", String.join(":", lower));
            }
            data.put("MergedDir", top + "/merged");
            data.put("UpperDir", top + "/diff");
            data.put("WorkDir", top + "/work");
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("Data", data);
        g.put("Name", "overlay2");
        return g;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
