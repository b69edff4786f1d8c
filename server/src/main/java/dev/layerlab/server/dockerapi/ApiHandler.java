package dev.layerlab.server.dockerapi;

/**
 * Answers one route. Handlers throw the engine's typed errors (or {@link NotModified},
 * {@link ApiException}) and {@link ApiRouter} turns them into statuses. A handler must not return
 * before it is done with a stream or hijack it started: the connection is reused or closed as soon
 * as it returns.
 */
@FunctionalInterface
public interface ApiHandler {
    void handle(ApiExchange exchange) throws Exception;
}
