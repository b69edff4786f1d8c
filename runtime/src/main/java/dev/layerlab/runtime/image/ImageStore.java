package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.GcResult;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The images the engine has, and the names pointing at them. An image is registered by its manifest
 * digest; names map a normalised reference to a manifest digest. Both are persisted in
 * {@code root/repositories.json}; the manifests and configs themselves live in the content store.
 * All methods are thread-safe; state changes are made under this object's monitor.
 */
public final class ImageStore {
    private static final System.Logger LOG = System.getLogger(ImageStore.class.getName());

    private final ContentStore content;
    private final Path file;
    private final int maxTags;
    private final EventFeed feed;
    private final ImageEvents events;
    final Map<Digest, Image> images = new HashMap<>();          // by manifest digest; references left empty
    final Map<ImageReference, Digest> tags = new HashMap<>();   // name -> manifest digest
    final Map<Digest, Digest> parents = new HashMap<>();        // image ID -> parent image ID (builds, Docker's Parent)

    private record State(Map<String, Digest> tags, List<Digest> images, Map<String, Digest> parents) {
    }

    public ImageStore(ContentStore content, Path root) throws IOException {
        this(content, root, 0);
    }

    /** {@code maxTags}: how many names may point at images at once (0: no limit); retagging a name adds none. */
    public ImageStore(ContentStore content, Path root, int maxTags) throws IOException {
        this(content, root, maxTags, new EventFeed());
    }

    /** {@code events}: the space's feed, which gets each {@code tag}, {@code untag} and {@code delete}. */
    public ImageStore(ContentStore content, Path root, int maxTags, EventFeed events) throws IOException {
        this.feed = events;
        this.events = new ImageEvents(events);
        this.content = content;
        this.maxTags = maxTags;
        this.file = root.resolve("repositories.json");
        Files.createDirectories(root);
        if (Files.exists(file)) {
            State state = Json.read(file, State.class);
            for (Digest manifest : state.images()) {
                try {
                    images.put(manifest, ImageReader.read(content, manifest, content.read(manifest), null));
                } catch (RuntimeException e) {
                    // A lost blob must not stop the engine from starting; the image is dropped, not the store.
                    LOG.log(System.Logger.Level.WARNING, "dropping image " + manifest + ": " + e.getMessage());
                }
            }
            state.tags().forEach((name, manifest) -> {
                if (images.containsKey(manifest)) {
                    tags.put(ImageReference.parse(name), manifest);
                }
            });
            if (state.parents() != null) {
                state.parents().forEach((child, parent) -> parents.put(Digest.parse(child), parent));
                parents.keySet().removeIf(child -> !hasId(child));
            }
        }
    }

    /** Registers the image described by a manifest whose config and layers are already in the content store. */
    public Image put(byte[] manifestBytes) throws IOException {
        try (ContentStore.Lease lease = content.lease()) {
            Digest digest = Digest.of(manifestBytes);
            Image image = ImageReader.read(content, digest, manifestBytes, lease);
            content.write(manifestBytes, image.manifest().mediaType());
            synchronized (this) {
                if (images.putIfAbsent(digest, image) == null) {
                    persist(() -> images.remove(digest));
                }
                return withReferences(image);
            }
        }
    }

    /**
     * Writes a config and a manifest for layers already stored (commit, build) and registers the image.
     * Docker media types are used if every layer has one, OCI ones otherwise.
     */
    public Image create(ImageConfig config, List<Descriptor> layers) throws IOException {
        if (config.diffIds().size() != layers.size()) {
            throw new InvalidArgumentException("invalid image: config lists " + config.diffIds().size()
                    + " diff_ids but " + layers.size() + " layers were given");
        }
        boolean docker = !layers.isEmpty() && layers.stream().allMatch(l -> MediaTypes.isDocker(l.mediaType()));
        try (ContentStore.Lease ignored = content.lease()) {
            Descriptor cfg = content.write(Json.toBytes(config), docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG);
            ImageManifest manifest = new ImageManifest(2, docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                    cfg, layers, null);
            return put(Json.toBytes(manifest));
        }
    }

    /** The feed this store publishes on. */
    public EventFeed events() {
        return feed;
    }

    public void tag(Image image, ImageReference ref) throws IOException {
        tagAll(Map.of(ref, image));
    }

    /** Points every given name at its image, all or none: one write of the tag file; a {@code tag} event each. */
    public synchronized void tagAll(Map<ImageReference, Image> refs) throws IOException {
        tagAllWithoutEvents(refs);
        refs.forEach((ref, image) -> events.publish(image, "tag", ref.familiarString()));
    }

    /**
     * {@link #tagAll} without events: names the engine sets up itself (a new space's base and playground images)
     * or that come with a {@code load}, which publishes its own event.
     */
    public synchronized void tagAllWithoutEvents(Map<ImageReference, Image> refs) throws IOException {
        for (Image image : refs.values()) {
            if (!images.containsKey(image.manifestDigest())) {
                throw new NotFoundException("No such image: " + image.id());
            }
        }
        long added = refs.keySet().stream().filter(ref -> !tags.containsKey(ref)).count();
        if (maxTags > 0 && added > 0 && tags.size() + added > maxTags) {
            throw new ConflictException("this sandbox already has " + tags.size() + " image tags and its limit is "
                    + maxTags + ": remove some first (docker rmi, or docker image prune)");
        }
        Map<ImageReference, Digest> before = new HashMap<>(tags);
        refs.forEach((ref, image) -> tags.put(ref, image.manifestDigest()));
        persist(() -> {
            tags.clear();
            tags.putAll(before);
        });
    }

    /**
     * Records that {@code child} was made on top of {@code parent} (each build step's image has its
     * step's parent): Docker's {@code Parent}, which {@code docker history} follows for IDs and which keeps
     * intermediate images out of {@code docker images} and alive while a child needs them.
     */
    public synchronized void setParent(Image child, Image parent) throws IOException {
        if (!hasId(child.id()) || !hasId(parent.id())) {
            throw new NotFoundException("No such image: " + (hasId(child.id()) ? parent.id() : child.id()));
        }
        Digest before = parents.put(child.id(), parent.id());
        persist(() -> {
            if (before == null) {
                parents.remove(child.id());
            } else {
                parents.put(child.id(), before);
            }
        });
    }

    /** The image this one was built on, if it was built here. */
    public synchronized java.util.Optional<Digest> parentOf(Digest id) {
        return java.util.Optional.ofNullable(parents.get(id));
    }

    /** Whether an image was built on this one (Docker then hides it from {@code docker images} unless tagged). */
    public synchronized boolean hasChildren(Digest id) {
        return parents.containsValue(id);
    }

    /** Whether an image with this ID is registered. */
    public synchronized boolean hasId(Digest id) {
        return images.values().stream().anyMatch(i -> i.id().equals(id));
    }

    /** Removes one name; the image stays, dangling if that was its last name. */
    public synchronized void untag(ImageReference ref) throws IOException {
        Digest was = tags.remove(ref);
        if (was == null) {
            throw new NotFoundException("No such image: " + ref.familiarString());
        }
        persist(() -> tags.put(ref, was));
        Image image = images.get(was);
        events.publish(image.id().toString(), image.config(), "untag", image.id().toString());
    }

    /** Finds an image the way {@code docker inspect} does; see {@link ImageLookup}. */
    public synchronized Image resolve(String nameOrId) {
        return withReferences(ImageLookup.find(this, nameOrId).image());
    }

    /** The image registered under this manifest digest, if any. */
    public synchronized java.util.Optional<Image> byManifest(Digest manifestDigest) {
        return java.util.Optional.ofNullable(images.get(manifestDigest)).map(this::withReferences);
    }

    /** Every registered image, newest first. */
    public synchronized List<Image> list() {
        return images.values().stream()
                .map(this::withReferences)
                .sorted(Comparator.comparing((Image i) -> i.created() == null ? java.time.Instant.MIN : i.created())
                        .reversed().thenComparing(i -> i.manifestDigest().hex()))
                .toList();
    }

    /** {@code docker rmi}: see {@link ImageRemoval}. */
    public synchronized DeleteResult delete(String nameOrId, boolean force, ImageUsers users) throws IOException {
        Map<ImageReference, Digest> tagsBefore = new HashMap<>(tags);
        Map<Digest, Image> imagesBefore = new HashMap<>(images);
        Map<Digest, Digest> parentsBefore = new HashMap<>(parents);
        Runnable undo = () -> {
            tags.clear();
            tags.putAll(tagsBefore);
            images.clear();
            images.putAll(imagesBefore);
            parents.clear();
            parents.putAll(parentsBefore);
        };
        DeleteResult result;
        Image named;
        try {
            named = ImageLookup.find(this, nameOrId).image();
            result = ImageRemoval.remove(this, nameOrId, force, users);
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
        persist(undo);
        for (String ignored : result.untagged()) {
            events.publish(named.id().toString(), named.config(), "untag", named.id().toString());
        }
        for (Digest id : result.deleted()) {
            ImageConfig config = imagesBefore.values().stream().filter(i -> i.id().equals(id)).findFirst()
                    .map(Image::config).orElse(null);
            events.publish(id.toString(), config, "delete", id.toString());
        }
        return result;
    }

    /** Every blob a registered image needs: the roots for {@link ContentStore#collect}. */
    public synchronized Set<Digest> referencedBlobs() {
        Set<Digest> roots = new HashSet<>();
        for (Image image : images.values()) {
            roots.add(image.manifestDigest());
            roots.add(image.id());
            image.layers().forEach(l -> roots.add(l.blob().digest()));
        }
        return roots;
    }

    /** Deletes blobs no image needs. Safe while images are being imported or created: see {@link ContentStore#lease()}. */
    public GcResult collectGarbage() throws IOException {
        return content.collect(this::referencedBlobs);
    }

    /** Names pointing at this manifest, sorted. */
    synchronized List<ImageReference> referencesTo(Digest manifestDigest) {
        return tags.entrySet().stream()
                .filter(e -> e.getValue().equals(manifestDigest))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(ImageReference::toString))
                .toList();
    }

    /** Names pointing at any manifest whose config is {@code id}. */
    synchronized List<ImageReference> referencesToId(Digest id) {
        return tags.entrySet().stream()
                .filter(e -> images.get(e.getValue()).id().equals(id))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(ImageReference::toString))
                .toList();
    }

    private Image withReferences(Image image) {
        return image.withReferences(referencesTo(image.manifestDigest()));
    }

    /** Writes the tag file; if that fails, undoes the in-memory change so memory never runs ahead of disk. */
    private void persist(Runnable undo) throws IOException {
        Map<String, Digest> names = new TreeMap<>();
        tags.forEach((ref, manifest) -> names.put(ref.toString(), manifest));
        try {
            Map<String, Digest> links = new TreeMap<>();
            parents.forEach((child, parent) -> links.put(child.toString(), parent));
            Json.writeAtomically(file, new State(names, new ArrayList<>(new TreeSet<>(images.keySet())), links));
        } catch (IOException | RuntimeException e) {
            undo.run();
            throw e;
        }
    }
}
