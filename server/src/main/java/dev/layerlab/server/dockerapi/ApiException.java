package dev.layerlab.server.dockerapi;

/**
 * An error with an explicit HTTP status, for the few answers the engine's typed errors do not
 * cover (401 from {@code /auth}, 501 for a feature layerlab does not have).
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
