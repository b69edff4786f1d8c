package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One step of how the image was made; {@code empty_layer} steps (ENV, CMD...) have no layer of their own. */
@JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
public record History(
        String created,
        @JsonProperty("created_by") String createdBy,
        String author,
        String comment,
        @JsonProperty("empty_layer") Boolean emptyLayer) {

    /** Whether this step produced a layer; spelled so Jackson does not see another property. */
    public boolean producesLayer() {
        return emptyLayer == null || !emptyLayer;
    }
}
