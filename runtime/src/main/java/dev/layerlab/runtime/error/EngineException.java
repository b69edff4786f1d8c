package dev.layerlab.runtime.error;

/** Base of the engine's few typed errors; the server maps each subtype to one HTTP status in one place. */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
