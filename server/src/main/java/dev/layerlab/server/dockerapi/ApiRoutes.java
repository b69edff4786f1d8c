package dev.layerlab.server.dockerapi;

/** A group of related handlers (system, containers, images ...) that adds its routes to a router. */
public interface ApiRoutes {
    void register(ApiRouter router);
}
