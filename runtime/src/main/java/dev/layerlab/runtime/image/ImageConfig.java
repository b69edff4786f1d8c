package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * An image config (OCI image config / Docker image JSON). Its blob's digest is the image ID, so this
 * reading is never written back over the original; new configs (commit, build) are serialised once
 * and the bytes kept. Unknown top-level fields (Docker's {@code container_config}...) land in {@code other}.
 */
@JsonPropertyOrder({"created", "author", "architecture", "os", "os.version", "os.features", "variant",
        "config", "rootfs", "history"})
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        ContainerDefaults config,
        RootFs rootfs,
        List<History> history,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public ImageConfig {
        history = history == null ? null : List.copyOf(history);
        other = KeySets.copyOther(other);
    }

    /** diffIDs in layer order; empty if the config has no rootfs. */
    public List<dev.layerlab.runtime.content.Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }
}
