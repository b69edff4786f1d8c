package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.layerlab.runtime.content.Digest;

import java.util.List;

/** The config's {@code rootfs}: the diffIDs (digests of the uncompressed layer tars), bottom layer first. */
@JsonPropertyOrder({"type", "diff_ids"})
public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public static final String LAYERS = "layers";

    public RootFs {
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }

    public static RootFs of(List<Digest> diffIds) {
        return new RootFs(LAYERS, diffIds);
    }
}
