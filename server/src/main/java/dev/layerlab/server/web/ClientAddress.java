package dev.layerlab.server.web;

import io.javalin.http.Context;

/**
 * The address a request comes from, for admission (sandboxes per address): the connection's remote
 * address, or, only when the operator says a proxy stands in front ({@code --trust-proxy}), the last
 * address of {@code X-Forwarded-For}, the one that proxy appended. A client's own header is never
 * believed otherwise, so no client can pose as many.
 */
final class ClientAddress {
    private final boolean trustProxy;

    ClientAddress(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    String of(Context ctx) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty()) {
                    return last;
                }
            }
        }
        return ctx.req().getRemoteAddr();
    }
}
