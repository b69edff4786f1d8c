package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.server.dockerapi.ApiRoutes;

/** Everything about containers (lifecycle, streams, exec, files, processes), as one group for {@link DockerApi}. */
final class ContainerApi {
    private ContainerApi() {
    }

    static ApiRoutes routes(SandboxContext ctx) {
        return router -> {
            new ContainerRoutes(ctx).register(router);
            new StreamRoutes(ctx).register(router);
            new ExecRoutes(ctx).register(router);
            new ArchiveRoutes(ctx).register(router);
            new ProcessRoutes(ctx).register(router);
            new CommitRoutes(ctx).register(router);
        };
    }
}
