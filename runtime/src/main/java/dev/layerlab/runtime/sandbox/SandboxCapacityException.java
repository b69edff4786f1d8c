package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.error.ConflictException;

/** No sandbox can be made now: the sandboxes' memory limits would exceed what this host may promise. */
public final class SandboxCapacityException extends ConflictException {
    SandboxCapacityException(String message) {
        super(message);
    }
}
