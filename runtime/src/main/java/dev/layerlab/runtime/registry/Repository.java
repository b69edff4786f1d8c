package dev.layerlab.runtime.registry;

import dev.layerlab.runtime.content.Digest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One repository's state, saved as one JSON file: its tags, the manifests pushed to it, and the blobs
 * linked to it (uploaded or mounted). The bytes of all three are in the engine's content store; a
 * repository only says which digests it may serve.
 */
final class Repository {
    /** A manifest of the repository: what the referrers API and GET need without reading it again. */
    record StoredManifest(String mediaType, long size, Digest subject, String artifactType, Map<String, String> annotations,
                          List<Digest> references) {
    }

    /** The saved form. */
    record Saved(Map<String, Digest> tags, Map<String, StoredManifest> manifests, List<Digest> blobs) {
    }

    final TreeMap<String, Digest> tags = new TreeMap<>();
    final TreeMap<Digest, StoredManifest> manifests = new TreeMap<>();
    final TreeSet<Digest> blobs = new TreeSet<>();

    boolean isEmpty() {
        return tags.isEmpty() && manifests.isEmpty() && blobs.isEmpty();
    }

    /** Whether a blob GET may serve {@code digest} from this repository: a linked blob or a manifest of it. */
    boolean serves(Digest digest) {
        return blobs.contains(digest) || manifests.containsKey(digest);
    }

    Saved saved() {
        Map<String, StoredManifest> m = new TreeMap<>();
        manifests.forEach((d, s) -> m.put(d.toString(), s));
        return new Saved(new TreeMap<>(tags), m, List.copyOf(blobs));
    }

    static Repository of(Saved saved) {
        Repository r = new Repository();
        if (saved.tags() != null) {
            r.tags.putAll(saved.tags());
        }
        if (saved.manifests() != null) {
            saved.manifests().forEach((d, s) -> r.manifests.put(Digest.parse(d), s));
        }
        if (saved.blobs() != null) {
            r.blobs.addAll(saved.blobs());
        }
        return r;
    }
}
