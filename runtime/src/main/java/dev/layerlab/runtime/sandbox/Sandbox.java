package dev.layerlab.runtime.sandbox;

import java.nio.file.Path;

/**
 * One learner's world: a host container (a Debian shell with the docker CLI) and a space of its
 * own for the containers, volumes and tags it makes, on its own network. {@code apiSocket} serves
 * this sandbox's Docker API; inside the host it is /var/run/docker.sock.
 */
public record Sandbox(String id, String spaceName, String hostSpaceName, String hostContainerId, Path apiSocket) {
    /** Inside the host container the API socket's directory is mounted here. */
    public static final String API_DIR_IN_HOST = "/run/layerlab";
}
