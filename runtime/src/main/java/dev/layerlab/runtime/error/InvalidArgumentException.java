package dev.layerlab.runtime.error;

/** The caller's input is malformed or unsafe: a bad reference, a layer tar escaping its root, a bad user spec. */
public class InvalidArgumentException extends EngineException {
    public InvalidArgumentException(String message) {
        super(message);
    }

    public InvalidArgumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
