package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.layerlab.runtime.content.Descriptor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI image index or Docker manifest list: one manifest per platform, or the entry list of an OCI layout. */
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests", "annotations"})
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        List<Descriptor> manifests,
        Map<String, String> annotations) {

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }
}
