package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiHandler;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.util.List;

/**
 * API areas this playground does not have (see SCOPE.md at the repository root): one 501 answer
 * naming the feature, instead of a bare 404 "page not found" the CLI would print as a mystery.
 */
final class UnsupportedRoutes implements ApiRoutes {
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE");

    private record Area(String prefix, String what) {
    }

    private static final List<Area> AREAS = List.of(
            new Area("/swarm", "swarm mode"),
            new Area("/services", "swarm services"),
            new Area("/nodes", "swarm nodes"),
            new Area("/tasks", "swarm tasks"),
            new Area("/secrets", "swarm secrets"),
            new Area("/configs", "swarm configs"),
            new Area("/plugins", "plugins"),
            new Area("/build/prune", "docker builder prune (the build cache goes with the images it made)"),
            new Area("/session", "BuildKit sessions"),
            new Area("/distribution", "registry distribution"),
            new Area("/images/search", "docker search (no registry access yet)"));

    @Override
    public void register(ApiRouter router) {
        for (Area area : AREAS) {
            for (String method : METHODS) {
                router.route(method, area.prefix(), refuse(area.what()));
                router.route(method, area.prefix() + "/{rest}", refuse(area.what()));
            }
        }
        router.post("/networks/create", refuse("creating networks (each sandbox has its one bridge network)"));
        router.post("/networks/prune", refuse("pruning networks (each sandbox has its one bridge network)"));
        router.post("/networks/{id}/connect", refuse("connecting networks (each sandbox has its one bridge network)"));
        router.post("/networks/{id}/disconnect", refuse("disconnecting networks (each sandbox has its one bridge network)"));
        router.delete("/networks/{id}", refuse("removing networks (each sandbox has its one bridge network)"));
        // docker inspect probes plugins last; "no such plugin" is true and lets it report "No such object".
        router.get("/plugins/{name}/json", ex -> {
            throw new NotFoundException("plugin " + ex.param("name") + " not found");
        });
    }

    private static ApiHandler refuse(String what) {
        return ex -> {
            throw new ApiException(501, what + " is not supported in this playground (see SCOPE.md)");
        };
    }
}
