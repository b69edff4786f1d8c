package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.NotFoundException;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Docker's order for turning user input into an image: a full ID ({@code sha256:<hex>} or 64 hex);
 * else a name that is tagged; else a digest reference to a manifest named in the same repository;
 * else a unique ID prefix. Called under the store's monitor.
 */
final class ImageLookup {
    private static final Pattern FULL_ID = Pattern.compile("(?:sha256:)?[0-9a-f]{64}");
    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?[0-9a-f]{1,64}");

    private ImageLookup() {
    }

    /** The image found, and the names that matched it: empty when it was found by ID. */
    record Match(Image image, List<ImageReference> names) {
        boolean byName() {
            return !names.isEmpty();
        }
    }

    static Match find(ImageStore store, String given) {
        String hex = given.startsWith(Digest.ALGORITHM + ":") ? given.substring(Digest.ALGORITHM.length() + 1) : given;
        if (FULL_ID.matcher(given).matches()) {
            Digest id = new Digest(hex);
            return byId(store, id).map(image -> new Match(image, List.of()))
                    .orElseThrow(() -> new NotFoundException("No such image: " + id));
        }
        ImageReference ref = ImageReference.parse(given);
        Digest manifest = store.tags.get(ref);
        if (manifest != null) {
            return new Match(store.images.get(manifest), List.of(ref));
        }
        if (ref.digest().isPresent()) {
            Image image = store.images.get(ref.digest().get());
            if (image != null) {
                List<ImageReference> sameRepository = store.referencesTo(image.manifestDigest()).stream()
                        .filter(r -> r.repository().equals(ref.repository()))
                        .toList();
                if (!sameRepository.isEmpty()) {
                    return new Match(image, sameRepository);
                }
            }
        }
        if (ID_PREFIX.matcher(given).matches()) {
            Set<Digest> ids = new TreeSet<>();
            store.images.values().stream().map(Image::id).filter(id -> id.hex().startsWith(hex)).forEach(ids::add);
            if (ids.size() > 1) {
                throw new NotFoundException("ambiguous reference: " + given + " matches " + ids.size() + " images");
            }
            if (ids.size() == 1) {
                return new Match(byId(store, ids.iterator().next()).orElseThrow(), List.of());
            }
        }
        throw new NotFoundException("No such image: " + ref.familiarString());
    }

    /** Of the manifests sharing a config, the named one if any, so the answer is stable. */
    static Optional<Image> byId(ImageStore store, Digest id) {
        return store.images.values().stream()
                .filter(image -> image.id().equals(id))
                .min(Comparator.comparing((Image image) -> store.referencesTo(image.manifestDigest()).isEmpty())
                        .thenComparing(image -> image.manifestDigest().hex()));
    }
}
