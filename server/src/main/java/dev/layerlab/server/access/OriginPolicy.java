package dev.layerlab.server.access;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser requests may change something: another web site's page can make a learner's browser
 * POST to us (a form or {@code fetch} with {@code text/plain} needs no CORS preflight) or open a terminal
 * WebSocket, and the browser attaches the learner's cookie. So a WebSocket upgrade or a state-changing
 * request (POST, PUT, PATCH, DELETE) that comes from a browser - it has an {@code Origin} header or a
 * cookie - must have the server's own origin ({@code http://} + the Host it was sent to) or one the
 * operator allows ({@code --allowed-origin}, for a server behind a proxy or under another name).
 *
 * <p>A cookie without {@code Origin} passes only with {@code Sec-Fetch-Site: same-origin}: browsers send
 * Origin on every POST, PUT, PATCH, DELETE and WebSocket, so such a request is an old browser or a
 * non-browser client replaying a cookie, and neither needs us to be lenient.
 */
public final class OriginPolicy {
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Set<String> allowed;

    /** @param allowedOrigins origins besides the server's own, each {@code scheme://host[:port]} */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins.stream().map(OriginPolicy::normalize).toList());
    }

    /** {@code https://Lab.Example.org:443/} becomes {@code https://lab.example.org}; anything else than an origin is refused. */
    public static String normalize(String origin) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** Before every HTTP request: refuses a browser's state-changing request from a foreign origin. */
    void checkRequest(Context ctx) {
        if (STATE_CHANGING.contains(ctx.method().name())) {
            check(ctx, "a " + ctx.method().name());
        }
    }

    /** Before a WebSocket upgrade. */
    void checkUpgrade(Context ctx) {
        check(ctx, "a WebSocket");
    }

    private void check(Context ctx, String what) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            if (ctx.header("Cookie") == null || "same-origin".equals(ctx.header("Sec-Fetch-Site"))) {
                return; // not a browser's request, or the browser says it comes from our own page
            }
            throw new ForbiddenResponse(what + " request with a cookie must come from this server's own pages"
                    + " (an Origin header, or Sec-Fetch-Site: same-origin)");
        }
        if (!isAllowed(origin, ctx)) {
            throw new ForbiddenResponse(what + " request from " + origin + " is refused: only pages of "
                    + own(ctx) + " may send it (an operator adds other origins with --allowed-origin)");
        }
    }

    private boolean isAllowed(String origin, Context ctx) {
        String normalized;
        try {
            normalized = normalize(origin);
        } catch (IllegalArgumentException e) {
            return false; // "null" (a sandboxed frame, a file: page) or garbage
        }
        return normalized.equals(own(ctx)) || allowed.contains(normalized);
    }

    /** The origin the request was sent to, from its Host header; null without one. */
    private static String own(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            return null;
        }
        try {
            return normalize(ctx.scheme() + "://" + host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
