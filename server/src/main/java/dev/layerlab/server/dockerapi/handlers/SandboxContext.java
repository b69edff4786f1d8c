package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.Sandboxes;

/**
 * What a sandbox's Docker API handlers act on: the learner's space (containers, images, volumes),
 * the engine for what is shared, and the sandbox itself (its host container, its network).
 */
public record SandboxContext(Engine engine, Sandboxes sandboxes, Sandbox sandbox) {
    public Space space() {
        return sandboxes.space(sandbox);
    }
}
