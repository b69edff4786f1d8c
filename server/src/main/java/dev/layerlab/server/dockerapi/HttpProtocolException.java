package dev.layerlab.server.dockerapi;

import java.io.IOException;

/**
 * The client broke HTTP itself (bad request line, oversized head, bad chunk). The connection cannot
 * be trusted after this, so it is answered with {@link #status()} and closed.
 */
final class HttpProtocolException extends IOException {
    private final int status;

    HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
