package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.server.registry.RegistryAccounts;

/**
 * What a sandbox's Docker API handlers act on: the learner's space (containers, images, volumes),
 * the engine for what is shared, the sandbox itself (its host container, its network), and the learners'
 * registry accounts ({@code docker login}, {@code push}).
 */
public record SandboxContext(Engine engine, Sandboxes sandboxes, Sandbox sandbox, RegistryAccounts registryAccounts) {
    public Space space() {
        return sandboxes.space(sandbox);
    }
}
