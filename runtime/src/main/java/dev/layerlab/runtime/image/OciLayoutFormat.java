package dev.layerlab.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.content.Platform;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OCI image layout: {@code index.json} points at manifests (or per-platform indexes) in
 * {@code blobs/sha256/}. Names come from the {@code io.containerd.image.name} annotation, or from
 * {@code org.opencontainers.image.ref.name} when that holds a full name rather than a bare tag, and from
 * the {@code manifest.json} that Docker 25+ writes alongside.
 */
final class OciLayoutFormat {
    static final String IMAGE_NAME = "io.containerd.image.name";
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final String LAYOUT_VERSION = "1.0.0";

    private OciLayoutFormat() {
    }

    static List<ArchiveImage> read(ArchiveReader archive, ContentStore content, ContentStore.Lease lease) throws IOException {
        if (archive.contains("oci-layout")) {
            JsonNode layout = ImageReader.parse(archive.bytes("oci-layout"), JsonNode.class, "oci-layout");
            if (!LAYOUT_VERSION.equals(layout.path("imageLayoutVersion").asText())) {
                throw new InvalidArgumentException("invalid archive: unsupported OCI layout version "
                        + layout.path("imageLayoutVersion"));
            }
        }
        ImageIndex index = ImageReader.parse(archive.bytes("index.json"), ImageIndex.class, "index.json");
        Map<Digest, List<ImageReference>> savedTags = new HashMap<>();
        if (archive.contains("manifest.json")) {
            for (DockerSaveFormat.Entry e : DockerSaveFormat.entries(archive)) {
                if (e.config() != null) {
                    savedTags.put(archive.blob(e.config()).digest(), DockerSaveFormat.repoTags(e.repoTags()));
                }
            }
        }
        // One manifest may be listed once per name; it is still one image.
        Map<Digest, byte[]> manifests = new LinkedHashMap<>();
        Map<Digest, Set<ImageReference>> names = new HashMap<>();
        for (Descriptor entry : index.manifests()) {
            Descriptor target = entry;
            byte[] bytes = blobBytes(target, content, lease);
            for (int depth = 0; isIndex(target, bytes); depth++) {
                if (depth == 4) {
                    throw new InvalidArgumentException("invalid archive: indexes nested too deep");
                }
                target = forHost(ImageReader.parse(bytes, ImageIndex.class, "index " + target.digest()));
                bytes = blobBytes(target, content, lease);
            }
            ImageManifest manifest = ImageReader.parse(bytes, ImageManifest.class, "manifest " + target.digest());
            Set<ImageReference> mine = names.computeIfAbsent(target.digest(), d -> new LinkedHashSet<>());
            mine.addAll(annotatedNames(entry));
            if (manifest.config() != null) {
                mine.addAll(savedTags.getOrDefault(manifest.config().digest(), List.of()));
            }
            manifests.put(target.digest(), bytes);
        }
        List<ArchiveImage> images = new ArrayList<>();
        manifests.forEach((digest, bytes) -> images.add(new ArchiveImage(bytes, new ArrayList<>(names.get(digest)))));
        return images;
    }

    private static boolean isIndex(Descriptor d, byte[] bytes) throws IOException {
        JsonNode node = ImageReader.parse(bytes, JsonNode.class, "blob " + d.digest());
        return MediaTypes.isIndex(node.path("mediaType").asText(d.mediaType())) || node.has("manifests");
    }

    private static Descriptor forHost(ImageIndex index) {
        Platform host = Platforms.host();
        return index.manifests().stream()
                .filter(m -> Platforms.matches(m.platform(), host))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no matching manifest for " + host + " in the manifest list entries"));
    }

    private static byte[] blobBytes(Descriptor d, ContentStore content, ContentStore.Lease lease) throws IOException {
        lease.protect(d.digest());
        if (!content.has(d.digest())) {
            throw new InvalidArgumentException("invalid archive: missing blob " + d.digest());
        }
        return content.read(d.digest());
    }

    static List<ImageReference> annotatedNames(Descriptor d) {
        String full = d.annotation(IMAGE_NAME);
        if (full != null) {
            return List.of(ImageReference.parse(full));
        }
        // ref.name is usually a bare tag such as "1.0", which names no repository; only a full name can be used.
        String ref = d.annotation(REF_NAME);
        if (ref != null && (ref.contains("/") || ref.contains(":"))) {
            return List.of(ImageReference.parse(ref));
        }
        return List.of();
    }
}
