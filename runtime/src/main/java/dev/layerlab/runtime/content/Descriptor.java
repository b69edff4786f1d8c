package dev.layerlab.runtime.content;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob is, its digest and size, as it appears in manifests and indexes. */
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform"})
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform) {

    public Descriptor {
        if (digest == null) {
            throw new IllegalArgumentException("descriptor without digest");
        }
        urls = urls == null ? null : List.copyOf(urls);
        // Sorted like Go's encoding/json writes maps, so re-serialising gives the same bytes every run.
        annotations = annotations == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }

    public Descriptor withMediaType(String type) {
        return new Descriptor(type, digest, size, urls, annotations, platform);
    }

    public Descriptor withAnnotations(Map<String, String> values) {
        return new Descriptor(mediaType, digest, size, urls, values, platform);
    }

    /** The annotation's value, or null; saves callers a null check on the map. */
    public String annotation(String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
