package dev.layerlab.server.access;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

/**
 * The one place requests are let in or not: the {@link OriginPolicy} before every request and WebSocket
 * upgrade, and each route's {@link Role} once the route is known. An operator route needs
 * {@code Authorization: Bearer <operator token>}; without it the answer is 401 with
 * {@code WWW-Authenticate: Bearer} and nothing about the route. Register it once per server, before the routes.
 */
public final class Access {
    private final OperatorToken operator;
    private final OriginPolicy origins;

    public Access(OperatorToken operator, OriginPolicy origins) {
        this.operator = operator;
        this.origins = origins;
    }

    public void register(JavalinConfig config) {
        config.routes.before(ctx -> {
            if (!isOperator(ctx) || ctx.header("Cookie") != null) {
                origins.checkRequest(ctx);
            }
        });
        config.routes.wsBeforeUpgrade(origins::checkUpgrade);
        config.routes.beforeMatched(this::checkRole);
    }

    private void checkRole(Context ctx) {
        if (ctx.routeRoles().contains(Role.OPERATOR) && !isOperator(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"layerlab\"");
            throw new UnauthorizedResponse("this route needs the operator token: Authorization: Bearer <token>");
        }
    }

    /** A request with the operator token is not a browser's: no page can add the header cross-site without CORS. */
    private boolean isOperator(Context ctx) {
        String auth = ctx.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && operator.matches(auth.substring(7).strip());
    }
}
