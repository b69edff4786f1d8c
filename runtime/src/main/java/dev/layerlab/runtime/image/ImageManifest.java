package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.layerlab.runtime.content.Descriptor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI image manifest (or Docker schema 2 manifest, the same shape). The stored blob is the truth:
 * this is only a reading of it, so fields not modelled here do not change the manifest digest.
 */
@JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers", "annotations"})
public record ImageManifest(
        int schemaVersion,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations) {

    public ImageManifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }
}
