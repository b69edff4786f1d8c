package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.server.dockerapi.ApiRouter;

/** The whole Docker Engine API of one sandbox: every handler group, registered on one router. */
public final class DockerApi {
    private DockerApi() {
    }

    public static ApiRouter router(SandboxContext context) {
        return new ApiRouter()
                .register(ContainerApi.routes(context))
                .register(new ImageRoutes(context))
                .register(new ImagePrune(context))
                .register(new ImageTransferRoutes(context))
                .register(new BuildRoutes(context))
                .register(new VolumeRoutes(context))
                .register(new InfoRoutes(context))
                .register(new SystemDfRoutes(context))
                .register(new EventRoutes(context))
                .register(new NetworkRoutes(context))
                .register(new UnsupportedRoutes());
    }
}
