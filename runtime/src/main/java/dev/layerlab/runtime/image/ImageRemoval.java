package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.ConflictException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker rmi} semantics. Given a name, that name is removed, and the image goes with its last name
 * unless a container still uses it. Given an ID, all names go and the image with them, but only if the names
 * amount to one tag in one repository, or with force. A running container's image can be untagged but never
 * deleted. Every check happens before the first change, so a refusal changes nothing.
 * Called under the store's monitor; the store persists or rolls back.
 */
final class ImageRemoval {
    private ImageRemoval() {
    }

    static DeleteResult remove(ImageStore store, String given, boolean force, ImageUsers users) {
        ImageLookup.Match match = ImageLookup.find(store, given);
        Digest id = match.image().id();
        List<ImageReference> all = store.referencesToId(id);
        Optional<ImageUsers.User> user = users.find(id);
        List<String> untagged = new ArrayList<>();

        if (match.byName()) {
            if (!force && isSingleReference(all) && user.isPresent()) {
                throw new ConflictException("conflict: unable to remove repository reference \""
                        + match.names().get(0).familiarString() + "\" (must force) - container "
                        + shortId(user.get().containerId()) + " is using its referenced image " + id.shortId());
            }
            for (ImageReference ref : match.names()) {
                untag(store, ref, untagged);
            }
            dropOrphanedDigestReferences(store, id, match.names().get(0).repository(), untagged);
            if (!store.referencesToId(id).isEmpty()) {
                // Another manifest of the same image keeps the name; an unnamed twin would only list as <none>.
                store.images.values().removeIf(i -> i.id().equals(id) && store.referencesTo(i.manifestDigest()).isEmpty());
                return new DeleteResult(untagged, List.of());
            }
            if (user.isPresent() || store.hasChildren(id)) {
                // kept, dangling, for the container using it or as the parent of a built image
                return new DeleteResult(untagged, List.of());
            }
        } else {
            if (store.hasChildren(id)) {
                throw conflict(id, "cannot be forced", "image has dependent child images");
            }
            if (!force && all.size() > 1 && !isSingleReference(all)) {
                throw conflict(id, "must be forced", "image is referenced in multiple repositories");
            }
            if (user.isPresent() && user.get().running()) {
                throw conflict(id, "cannot be forced", "image is being used by running container " + shortId(user.get().containerId()));
            }
            if (user.isPresent() && !force) {
                throw conflict(id, "must be forced", "image is being used by stopped container " + shortId(user.get().containerId()));
            }
            for (ImageReference ref : all) {
                untag(store, ref, untagged);
            }
        }
        List<Digest> deleted = new ArrayList<>();
        deleteWithUnusedParents(store, id, users, deleted);
        return new DeleteResult(untagged, deleted);
    }

    /**
     * Deletes the image, then its parent while that is an untagged intermediate image nothing else needs
     * (no name, no container, no other child): removing a built image removes its build steps, as in Docker.
     */
    private static void deleteWithUnusedParents(ImageStore store, Digest id, ImageUsers users, List<Digest> deleted) {
        Digest current = id;
        while (current != null) {
            Digest doomed = current;
            store.images.values().removeIf(image -> image.id().equals(doomed));
            deleted.add(doomed);
            Digest parent = store.parents.remove(doomed);
            boolean parentUnused = parent != null && store.hasId(parent) && store.referencesToId(parent).isEmpty()
                    && !store.hasChildren(parent) && users.find(parent).isEmpty();
            current = parentUnused ? parent : null;
        }
    }

    private static void untag(ImageStore store, ImageReference ref, List<String> untagged) {
        store.tags.remove(ref);
        untagged.add(ref.familiarString());
    }

    /** Digest references (from a pull by digest) go with the last tag of their repository, as in Docker. */
    private static void dropOrphanedDigestReferences(ImageStore store, Digest id, String repository, List<String> untagged) {
        List<ImageReference> left = store.referencesToId(id).stream().filter(r -> r.repository().equals(repository)).toList();
        if (left.stream().allMatch(r -> r.digest().isPresent())) {
            left.forEach(r -> untag(store, r, untagged));
        }
    }

    /** Docker's isSingleReference: at most one tag, and every name in one repository. */
    static boolean isSingleReference(List<ImageReference> refs) {
        if (refs.size() <= 1) {
            return refs.size() == 1;
        }
        Set<String> repositories = new HashSet<>();
        long tags = 0;
        for (ImageReference ref : refs) {
            repositories.add(ref.repository());
            if (ref.digest().isEmpty()) {
                tags++;
            }
        }
        return repositories.size() == 1 && tags <= 1;
    }

    private static ConflictException conflict(Digest id, String force, String why) {
        return new ConflictException("conflict: unable to delete " + id.shortId() + " (" + force + ") - " + why);
    }

    private static String shortId(String containerId) {
        return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }
}
