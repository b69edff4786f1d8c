package dev.layerlab.runtime.error;

/** The request clashes with the current state: a name in use, an illegal state transition, an image in use. */
public class ConflictException extends EngineException {
    public ConflictException(String message) {
        super(message);
    }
}
