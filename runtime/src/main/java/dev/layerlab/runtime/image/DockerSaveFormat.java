package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Compression;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.JacksonException;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code docker save} format: {@code manifest.json} lists each image's config file, names and layer
 * tars. There is no registry manifest in it, so one is written here (Docker schema 2, as {@code docker load}
 * would have pulled it); the image ID, being the config digest, is the same as in Docker.
 */
final class DockerSaveFormat {
    private static final Pattern NAMED_BY_DIGEST = Pattern.compile("(?:.*/)?([0-9a-f]{64})(?:\\.json)?");

    record Entry(@JsonProperty("Config") String config,
                 @JsonProperty("RepoTags") List<String> repoTags,
                 @JsonProperty("Layers") List<String> layers) {
    }

    private DockerSaveFormat() {
    }

    static List<Entry> entries(ArchiveReader archive) throws IOException {
        try {
            return Json.MAPPER.readValue(archive.bytes("manifest.json"), new TypeReference<List<Entry>>() { });
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid archive: manifest.json: " + e.getOriginalMessage(), e);
        }
    }

    static List<ArchiveImage> read(ArchiveReader archive, ContentStore content) throws IOException {
        List<ArchiveImage> images = new ArrayList<>();
        for (Entry entry : entries(archive)) {
            if (entry.config() == null || entry.layers() == null) {
                throw new InvalidArgumentException("invalid archive: manifest.json entry without Config or Layers");
            }
            byte[] configBytes = archive.bytes(entry.config());
            Digest configDigest = Digest.of(configBytes);
            Matcher named = NAMED_BY_DIGEST.matcher(entry.config());
            if (named.matches() && !named.group(1).equals(configDigest.hex())) {
                throw new InvalidArgumentException("invalid archive: " + entry.config() + ": digest mismatch: expected sha256:"
                        + named.group(1) + ", got " + configDigest);
            }
            ImageConfig config = ImageReader.parse(configBytes, ImageConfig.class, "image config " + entry.config());
            List<Digest> diffIds = config.diffIds();
            if (diffIds.size() != entry.layers().size()) {
                throw new InvalidArgumentException("invalid manifest, layers length mismatch: expected "
                        + diffIds.size() + ", got " + entry.layers().size());
            }
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                Descriptor blob = archive.blob(entry.layers().get(i));
                Compression compression = Compression.of(content, blob.digest());
                Digest diffId = Compression.diffId(content, blob.digest());
                if (!diffId.equals(diffIds.get(i))) {
                    throw new InvalidArgumentException("invalid archive: layer " + entry.layers().get(i) + " has diffID "
                            + diffId + " but the image config expects " + diffIds.get(i));
                }
                layers.add(blob.withMediaType(compression.dockerLayerType));
            }
            Descriptor configBlob = content.write(configBytes, MediaTypes.DOCKER_CONFIG);
            ImageManifest manifest = new ImageManifest(2, MediaTypes.DOCKER_MANIFEST, configBlob, layers, null);
            images.add(new ArchiveImage(Json.toBytes(manifest), repoTags(entry.repoTags())));
        }
        return images;
    }

    /** RepoTags are familiar names with a tag; a digest is no tag. */
    static List<ImageReference> repoTags(List<String> names) {
        List<ImageReference> refs = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            ImageReference ref = ImageReference.parse(name);
            if (ref.digest().isPresent()) {
                throw new InvalidArgumentException("invalid tag \"" + name + "\": a digest is not a tag");
            }
            refs.add(ref);
        }
        return refs;
    }
}
