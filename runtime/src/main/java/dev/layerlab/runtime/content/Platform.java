package dev.layerlab.runtime.content;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The OCI platform object of an index entry: which OS and CPU a manifest is built for. */
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant) {

    public Platform(String os, String architecture, String variant) {
        this(architecture, os, null, null, variant);
    }

    /** {@code os/arch[/variant]}, as Docker prints platforms. */
    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
