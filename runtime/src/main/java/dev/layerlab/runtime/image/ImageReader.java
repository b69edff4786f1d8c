package dev.layerlab.runtime.image;

import com.fasterxml.jackson.core.JacksonException;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns a manifest into an {@link Image}, checking that everything it names is stored and consistent. */
final class ImageReader {
    /** An image config is read into memory whole: bounded (real ones are a few KiB). */
    static final long MAX_CONFIG_BYTES = 8L << 20;

    private ImageReader() {
    }

    /** {@code lease}, if given, holds the config and layers so GC cannot take them while the image is registered. */
    static Image read(ContentStore content, Digest manifestDigest, byte[] manifestBytes, ContentStore.Lease lease)
            throws IOException {
        ImageManifest manifest = parse(manifestBytes, ImageManifest.class, "manifest " + manifestDigest);
        if (MediaTypes.isIndex(manifest.mediaType())) {
            throw new InvalidArgumentException("manifest " + manifestDigest + " is an index, not an image manifest");
        }
        if (manifest.schemaVersion() != 2 || manifest.config() == null) {
            throw new InvalidArgumentException("invalid manifest " + manifestDigest + ": want schemaVersion 2 and a config");
        }
        requireBlob(content, manifest.config(), lease);
        if (manifest.config().size() > MAX_CONFIG_BYTES) {
            throw new InvalidArgumentException("invalid image: its config is " + manifest.config().size()
                    + " bytes, more than the " + (MAX_CONFIG_BYTES >> 20) + " MiB this engine reads");
        }
        for (Descriptor layer : manifest.layers()) {
            requireBlob(content, layer, lease);
        }
        ImageConfig config = parse(content.read(manifest.config().digest()), ImageConfig.class,
                "image config " + manifest.config().digest());
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new InvalidArgumentException("invalid image " + manifest.config().digest().shortId() + ": config lists "
                    + diffIds.size() + " diff_ids but the manifest has " + manifest.layers().size() + " layers");
        }
        List<Image.Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor blob = manifest.layers().get(i);
            // A plain tar is its own diffID; anything else would be a config naming the wrong layer.
            if (MediaTypes.isUncompressedLayer(blob.mediaType()) && !blob.digest().equals(diffIds.get(i))) {
                throw new InvalidArgumentException("invalid image: layer " + i + " is " + blob.digest()
                        + " but the config expects diffID " + diffIds.get(i));
            }
            layers.add(new Image.Layer(blob, diffIds.get(i)));
        }
        return new Image(manifest.config().digest(), manifestDigest, manifest, config, layers,
                parseTime(config.created()), List.of());
    }

    private static void requireBlob(ContentStore content, Descriptor d, ContentStore.Lease lease) throws IOException {
        if (lease != null) {
            lease.protect(d.digest());
        }
        long actual = content.size(d.digest());
        if (actual != d.size()) {
            throw new InvalidArgumentException("size mismatch for " + d.digest() + ": expected " + d.size()
                    + " bytes, got " + actual);
        }
    }

    static <T> T parse(byte[] json, Class<T> type, String what) throws IOException {
        try {
            return Json.read(json, type);
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    /** RFC 3339 as Go writes it; an unreadable time is treated as absent rather than failing the image. */
    static Instant parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
