package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.userns.IdRange;

import java.nio.charset.StandardCharsets;

import java.nio.file.Path;

/**
 * One learner's world: a host container (a Debian shell with the docker CLI) and a space of its
 * own for the containers, volumes and tags it makes, on its own network. {@code apiSocket} serves
 * this sandbox's Docker API; inside the host it is /var/run/docker.sock. Everything in it runs in
 * the sandbox's user namespace: its root is uid {@code ids.base()} on the real host.
 */
public record Sandbox(String id, String spaceName, String hostSpaceName, String hostContainerId, Path apiSocket,
                      IdRange ids) {
    /** Inside the host container the API socket's directory is mounted here. */
    public static final String API_DIR_IN_HOST = "/run/layerlab";

    /** The ID of the sandbox's one network, Docker's default {@code bridge} (network inspect, connect events). */
    public String bridgeNetworkId() {
        return bridgeNetworkId(id);
    }

    static String bridgeNetworkId(String sandboxId) {
        return Digest.of(("bridge:" + sandboxId).getBytes(StandardCharsets.UTF_8)).hex();
    }
}
