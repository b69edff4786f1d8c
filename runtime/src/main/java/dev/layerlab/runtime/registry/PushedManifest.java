package dev.layerlab.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest or index as a client pushes it, checked before anything is stored: one of the four media types
 * (OCI and Docker, manifest and index), schema version 2, well-formed descriptors. {@code blobs} are what an
 * image manifest needs in the repository (config and layers), {@code manifests} what an index needs.
 */
record PushedManifest(String mediaType, Digest digest, long size, List<Ref> blobs, List<Ref> manifests,
                      Digest subject, String artifactType, Map<String, String> annotations) {

    /** A descriptor's digest and the size it claims. */
    record Ref(Digest digest, long size) {
    }

    static PushedManifest parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw invalid("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw invalid("not a JSON object");
        }
        String declared = root.path("mediaType").isTextual() ? root.get("mediaType").asText() : null;
        String header = contentType == null ? null : contentType.split(";", 2)[0].strip();
        if (declared != null && header != null && !header.isEmpty() && !declared.equals(header)) {
            throw invalid("the body's mediaType " + declared + " is not the Content-Type " + header);
        }
        String type = declared != null ? declared : header;
        if (!MediaTypes.isManifest(type) && !MediaTypes.isIndex(type)) {
            throw invalid("unsupported manifest media type " + type + " (this registry takes OCI and Docker v2 manifests and indexes)");
        }
        if (root.path("schemaVersion").asInt(-1) != 2) {
            throw invalid("schemaVersion must be 2");
        }
        List<Ref> blobs = new ArrayList<>();
        List<Ref> manifests = new ArrayList<>();
        if (MediaTypes.isManifest(type)) {
            blobs.add(descriptor(root.get("config"), "config"));
            JsonNode layers = root.get("layers");
            if (layers == null || !layers.isArray()) {
                throw invalid("layers must be an array");
            }
            for (JsonNode layer : layers) {
                blobs.add(descriptor(layer, "layer"));
            }
        } else {
            JsonNode children = root.get("manifests");
            if (children == null || !children.isArray()) {
                throw invalid("manifests must be an array");
            }
            for (JsonNode child : children) {
                manifests.add(descriptor(child, "manifest"));
            }
        }
        Digest subject = root.hasNonNull("subject") ? descriptor(root.get("subject"), "subject").digest() : null;
        String artifactType = root.path("artifactType").isTextual() ? root.get("artifactType").asText() : null;
        if (artifactType == null && MediaTypes.isManifest(type) && root.path("config").path("mediaType").isTextual()) {
            artifactType = root.get("config").get("mediaType").asText(); // the referrers API's rule for a manifest
        }
        Map<String, String> annotations = null;
        if (root.path("annotations").isObject()) {
            annotations = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.get("annotations").properties()) {
                annotations.put(e.getKey(), e.getValue().asText());
            }
        }
        return new PushedManifest(type, Digest.of(body), body.length, List.copyOf(blobs), List.copyOf(manifests), subject,
                artifactType, annotations);
    }

    private static Ref descriptor(JsonNode node, String what) {
        if (node == null || !node.isObject() || !node.path("digest").isTextual() || !node.path("size").canConvertToLong()
                || node.get("size").asLong() < 0 || !node.path("mediaType").isTextual()) {
            throw invalid("the " + what + " needs a descriptor with mediaType, digest and size");
        }
        try {
            return new Ref(Digest.parse(node.get("digest").asText()), node.get("size").asLong());
        } catch (RuntimeException e) {
            throw invalid("the " + what + "'s digest: " + e.getMessage());
        }
    }

    private static RegistryException invalid(String detail) {
        return new RegistryException(RegistryError.MANIFEST_INVALID, detail);
    }
}
