package dev.layerlab.runtime.build;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The legacy builder's cache: a step is a hit when an earlier build ran the same step on the same parent
 * image, which Docker finds by comparing each local image's parent and the command it records
 * ({@code created_by}, which for COPY/ADD holds a checksum of the copied files, and for RUN the build
 * arguments in use). Kept per space in one JSON file, so it survives a restart; entries whose image
 * was removed are forgotten. The "shape" of a step (its command without checksum or build arguments)
 * tells a changed file from a new instruction when explaining a miss.
 */
public final class BuildCache {
    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** One cached step: on {@code parent} (an image ID, empty for scratch), the step {@code createdBy} made {@code image}. */
    public record Entry(String parent, String createdBy, String shape, String image) {
    }

    private record State(List<Entry> entries) {
    }

    public BuildCache(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (Entry e : Json.read(file, State.class).entries()) {
                entries.put(key(e.parent(), e.createdBy()), e);
            }
        }
    }

    /** The image an earlier build made for this step, if it still exists. */
    public synchronized Optional<Digest> find(String parent, String createdBy, Predicate<Digest> exists) {
        Entry e = entries.get(key(parent, createdBy));
        if (e == null) {
            return Optional.empty();
        }
        Digest image = Digest.parse(e.image());
        return exists.test(image) ? Optional.of(image) : Optional.empty();
    }

    /** Whether a step of the same shape (same instruction, other files or arguments) ran on this parent. */
    public synchronized boolean hasShape(String parent, String shape, Predicate<Digest> exists) {
        return entries.values().stream().anyMatch(e -> e.parent().equals(parent) && e.shape().equals(shape)
                && exists.test(Digest.parse(e.image())));
    }

    /** Remembers a step's result; entries of images that are gone are dropped on the way. */
    public synchronized void put(String parent, String createdBy, String shape, Digest image, Predicate<Digest> exists)
            throws IOException {
        entries.values().removeIf(e -> !exists.test(Digest.parse(e.image())));
        entries.put(key(parent, createdBy), new Entry(parent, createdBy, shape, image.toString()));
        Json.writeAtomically(file, new State(new ArrayList<>(entries.values())));
    }

    private static String key(String parent, String createdBy) {
        return parent + "\n" + createdBy;
    }
}
