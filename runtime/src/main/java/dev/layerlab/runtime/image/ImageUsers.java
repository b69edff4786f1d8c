package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Digest;

import java.util.Optional;

/**
 * Tells the image store whether a container uses an image, so {@code docker rmi} can refuse as Docker does;
 * the container side implements it, which keeps this package ignorant of containers.
 */
@FunctionalInterface
public interface ImageUsers {
    ImageUsers NONE = id -> Optional.empty();

    /** A container created from the image with this ID, preferring a running one, if any. */
    Optional<User> find(Digest imageId);

    record User(String containerId, boolean running) {
    }
}
