package dev.layerlab.server.dockerapi;

/**
 * Thrown by a handler to answer 304 with no body: Docker's reply to starting a running container or
 * stopping a stopped one, which the CLI treats as success.
 */
public final class NotModified extends RuntimeException {
    public NotModified() {
        // A control-flow signal, not a failure: no stack trace to fill.
        super("not modified", null, false, false);
    }
}
