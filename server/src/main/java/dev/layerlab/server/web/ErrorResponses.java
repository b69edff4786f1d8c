package dev.layerlab.server.web;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Map;

/**
 * The one place the server's HTTP routes turn engine errors into statuses: not found 404, conflict
 * 409, invalid argument 400, anything else of the engine's 500; the body is {@code {"message": ...}}.
 */
public final class ErrorResponses {
    private ErrorResponses() {
    }

    public static void register(JavalinConfig config) {
        config.routes.exception(NotFoundException.class, (e, ctx) -> error(ctx, 404, e));
        config.routes.exception(ConflictException.class, (e, ctx) -> error(ctx, 409, e));
        config.routes.exception(InvalidArgumentException.class, (e, ctx) -> error(ctx, 400, e));
        config.routes.exception(EngineException.class, (e, ctx) -> error(ctx, 500, e));
    }

    private static void error(Context ctx, int status, Exception e) {
        ctx.status(status).json(Map.of("message", String.valueOf(e.getMessage())));
    }
}
