package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiHandler;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * API areas and routes this playground does not have (see SCOPE.md at the repository root): one 501
 * answer naming the feature, instead of a bare 404 "page not found" the CLI would print as a mystery.
 * Any route no handler knows inside one of Docker's API areas answers so too ({@link #unknownRoute});
 * only paths outside them get Docker's 404.
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

    /** Docker commands behind routes of the known areas that we do not serve, named as a learner types them. */
    private record Command(String method, Pattern path, String what) {
        Command(String method, String path, String what) {
            this(method, Pattern.compile(path), what);
        }

        boolean matches(ApiExchange ex) {
            return (method == null || method.equals(ex.method())) && path.matcher(ex.path()).matches();
        }
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("GET", "/containers/[^/]+/export", "docker export"),
            new Command(null, "/containers/[^/]+/checkpoints(/.*)?", "docker checkpoint"),
            new Command(null, "/grpc", "BuildKit"));

    /** The first path segments of Docker's Engine API. */
    private static final Set<String> DOCKER_AREAS = Set.of("containers", "exec", "images", "build", "commit", "volumes",
            "networks", "system", "events", "info", "version", "auth", "grpc", "_ping");

    @Override
    public void register(ApiRouter router) {
        for (Area area : AREAS) {
            for (String method : METHODS) {
                router.route(method, area.prefix(), refuse(area.what()));
                router.route(method, area.prefix() + "/{rest}", refuse(area.what()));
            }
        }
        // docker inspect probes plugins last; "no such plugin" is true and lets it report "No such object".
        router.get("/plugins/{name}/json", ex -> {
            throw new NotFoundException("plugin " + ex.param("name") + " not found");
        });
        router.fallback(UnsupportedRoutes::unknownRoute);
    }

    /** A request no route matched: 501 naming the command or the route when it is Docker's, else Docker's 404. */
    private static void unknownRoute(ApiExchange ex) {
        for (Command c : COMMANDS) {
            if (c.matches(ex)) {
                throw notSupported(c.what());
            }
        }
        String path = ex.path();
        int end = path.indexOf('/', 1);
        String area = path.substring(1, end < 0 ? path.length() : end);
        if (!DOCKER_AREAS.contains(area)) {
            throw new ApiException(404, "page not found");
        }
        throw notSupported("the Docker API route " + ex.method() + " " + path);
    }

    private static ApiHandler refuse(String what) {
        return ex -> {
            throw notSupported(what);
        };
    }

    private static ApiException notSupported(String what) {
        return new ApiException(501, what + " is not supported in this playground (see SCOPE.md)");
    }
}
