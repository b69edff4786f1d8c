package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Compression;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker load}: reads a {@code docker save} tarball or an OCI image layout tarball (plain, gzip or
 * zstd). Every image in the archive is verified before the first is registered, and all names are set in
 * one step, so a bad archive leaves no names behind; its blobs are left for garbage collection.
 */
public final class ImageImporter {
    private final ContentStore content;
    private final ImageStore images;

    /** An image loaded and the names the archive gave it. */
    public record Loaded(Image image, List<ImageReference> tags) {
        public Loaded {
            tags = List.copyOf(tags);
        }
    }

    public ImageImporter(ContentStore content, ImageStore images) {
        this.content = content;
        this.images = images;
    }

    public List<Loaded> load(InputStream archive) throws IOException {
        try (ContentStore.Lease lease = content.lease()) {
            ArchiveReader entries = ArchiveReader.read(Compression.decompressing(archive), content);
            List<ArchiveImage> found;
            if (entries.contains("index.json")) {
                found = OciLayoutFormat.read(entries, content, lease);
            } else if (entries.contains("manifest.json")) {
                found = DockerSaveFormat.read(entries, content);
            } else {
                throw new InvalidArgumentException("invalid archive: neither index.json nor manifest.json found");
            }
            for (ArchiveImage image : found) {
                try {
                    ImageReader.read(content, Digest.of(image.manifest()), image.manifest(), lease);
                } catch (NotFoundException e) {
                    throw new InvalidArgumentException("invalid archive: " + e.getMessage(), e);
                }
            }
            List<Image> registered = new ArrayList<>();
            Map<ImageReference, Image> names = new LinkedHashMap<>();
            for (ArchiveImage image : found) {
                Image img = images.put(image.manifest());
                registered.add(img);
                image.tags().forEach(ref -> names.put(ref, img));
            }
            images.tagAllWithoutEvents(names);
            List<Loaded> loaded = new ArrayList<>();
            ImageEvents events = new ImageEvents(images.events());
            for (int i = 0; i < found.size(); i++) {
                Image img = images.byManifest(registered.get(i).manifestDigest()).orElse(registered.get(i));
                loaded.add(new Loaded(img, found.get(i).tags()));
                events.publish(img, "load", img.id().toString());
            }
            return loaded;
        }
    }
}
