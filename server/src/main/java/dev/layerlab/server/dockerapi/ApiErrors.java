package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.DiskQuotaException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The one place where exceptions become HTTP statuses. Bodies are {@code {"message":"..."}} with a
 * Content-Type of exactly {@code application/json}: with a charset parameter the docker CLI stops
 * recognising the error and prints the raw body instead of "Error response from daemon: ...".
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static int status(Throwable t) {
        return switch (t) {
            case NotModified n -> 304;
            case ApiException e -> e.status();
            case HttpProtocolException e -> e.status();
            case NotFoundException e -> 404;
            case ConflictException e -> 409;
            case InvalidArgumentException e -> 400;
            case DiskQuotaException e -> 507;
            case EngineException e -> 500;
            default -> 500;
        };
    }

    static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * Answers {@code t} on {@code writer} if nothing was sent yet. Returns false when the response
     * was already under way: the caller must then close the connection so the client sees a
     * truncated body rather than a clean end.
     */
    static boolean respond(ResponseWriter writer, String what, Throwable t) {
        int status = status(t);
        if ((writer.committed() && t instanceof IOException) || t instanceof InterruptedException) {
            // The client went away mid-stream (a dropped /wait, Ctrl-C on logs -f) or the server is
            // shutting down: routine.
            LOG.debug("docker API {}: connection lost: {}", what, t.toString());
        } else if (status >= 500 && status != 501 && status != 507) {
            // 501 is a deliberate "not in this playground" answer, 507 a sandbox at its disk quota: no server fault.
            LOG.warn("docker API {} failed", what, t);
        }
        if (writer.committed()) {
            return false;
        }
        if (t instanceof HttpProtocolException) {
            writer.closeAfterResponse();
        }
        try {
            if (status == 304) {
                writer.send(304, null, new byte[0]);
            } else {
                writer.send(status, ContentTypes.JSON, ApiJson.error(message(t)));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
