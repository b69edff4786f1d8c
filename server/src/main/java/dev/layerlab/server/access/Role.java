package dev.layerlab.server.access;

import io.javalin.security.RouteRole;

/**
 * Who a route is for, given when it is registered ({@code config.routes.get(path, handler, Role.OPERATOR)})
 * and checked in one place ({@link Access}). A route without a role is a learner's: it acts only on the
 * requester's own sandbox, found by the session cookie. Instructors, who will see a classroom's sandboxes,
 * will be a role of their own here.
 */
public enum Role implements RouteRole {
    /** Whoever runs the server: every sandbox, the engine. Proven by the operator token. */
    OPERATOR
}
