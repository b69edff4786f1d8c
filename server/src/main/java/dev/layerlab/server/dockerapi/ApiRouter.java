package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table ({@code METHOD} + {@link RoutePattern}), the {@code /v1.xx} prefix, and dispatch
 * with error mapping. {@code /_ping} and {@code /version} are always present ({@link SystemHandlers}).
 */
public final class ApiRouter {
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9.]+)(/.*)", Pattern.DOTALL);
    /** Literal routes first, then the ones with more literal text: the most specific pattern wins. */
    private static final Comparator<Route> SPECIFIC_FIRST = Comparator
            .comparing((Route r) -> r.pattern.hasParams())
            .thenComparing(r -> -r.pattern.literalLength());

    private record Route(RoutePattern pattern, ApiHandler handler) {
    }

    private final ApiVersion minVersion;
    private final ApiVersion maxVersion;
    /** Per method, an immutable list replaced whole on change: dispatch reads it without locking. */
    private final Map<String, List<Route>> routes = new ConcurrentHashMap<>();
    /** Answers what no route matches; without one, Docker's 404 "page not found". */
    private volatile ApiHandler fallback;

    /** API 1.24 to 1.44: what Docker 25 serves, which every docker CLI from 20.10 to 29.x accepts. */
    public ApiRouter() {
        this(ApiVersion.V1_24, ApiVersion.V1_44);
    }

    public ApiRouter(ApiVersion minVersion, ApiVersion maxVersion) {
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        register(new SystemHandlers(minVersion, maxVersion));
    }

    public ApiVersion minVersion() {
        return minVersion;
    }

    public ApiVersion maxVersion() {
        return maxVersion;
    }

    public ApiRouter register(ApiRoutes group) {
        group.register(this);
        return this;
    }

    /** Adds a route; a later route for the same method and pattern replaces the earlier one. */
    public synchronized ApiRouter route(String method, String pattern, ApiHandler handler) {
        List<Route> list = new ArrayList<>(routes.getOrDefault(method, List.of()));
        list.removeIf(r -> r.pattern.toString().equals(pattern));
        list.add(new Route(new RoutePattern(pattern), handler));
        list.sort(SPECIFIC_FIRST);
        routes.put(method, List.copyOf(list));
        return this;
    }

    /** The handler of requests no route matches (it may answer 404 itself); replaces any earlier one. */
    public ApiRouter fallback(ApiHandler handler) {
        fallback = handler;
        return this;
    }

    public ApiRouter get(String pattern, ApiHandler handler) {
        return route("GET", pattern, handler);
    }

    public ApiRouter head(String pattern, ApiHandler handler) {
        return route("HEAD", pattern, handler);
    }

    public ApiRouter post(String pattern, ApiHandler handler) {
        return route("POST", pattern, handler);
    }

    public ApiRouter put(String pattern, ApiHandler handler) {
        return route("PUT", pattern, handler);
    }

    public ApiRouter delete(String pattern, ApiHandler handler) {
        return route("DELETE", pattern, handler);
    }

    /**
     * Runs the handler of the request and answers any exception it throws. Returns false when the
     * response could not be completed cleanly and the connection must be closed.
     */
    boolean dispatch(ApiExchange exchange) {
        String what = exchange.method() + " " + exchange.head().target();
        ResponseWriter writer = exchange.writer();
        // Docker's version middleware puts these on every answer.
        writer.header("Api-Version", maxVersion.toString());
        writer.header("Ostype", "linux");
        writer.header("Server", "Docker/" + SystemHandlers.ENGINE_VERSION + " (linux)");
        try {
            String target = exchange.head().target();
            int q = target.indexOf('?');
            String path = decodePath(stripAuthority(q < 0 ? target : target.substring(0, q)));
            QueryParams query = QueryParams.parse(q < 0 ? "" : target.substring(q + 1));
            ApiVersion version = maxVersion;
            Matcher m = VERSIONED.matcher(path);
            boolean versioned = m.matches();
            if (versioned) {
                path = m.group(2);
            }
            List<Route> candidates = routes.getOrDefault(exchange.method(), List.of());
            for (Route route : candidates) {
                Map<String, String> params = route.pattern.match(path);
                if (params != null) {
                    if (versioned) {
                        version = checkVersion(ApiVersion.parse(m.group(1)));
                    }
                    exchange.bind(path, params, version, query);
                    route.handler.handle(exchange);
                    if (!writer.committed()) {
                        throw new IllegalStateException("handler for " + route.pattern + " sent no response");
                    }
                    return true;
                }
            }
            ApiHandler unmatched = fallback;
            if (unmatched == null) {
                throw new ApiException(404, "page not found");
            }
            if (versioned) {
                version = checkVersion(ApiVersion.parse(m.group(1)));
            }
            exchange.bind(path, Map.of(), version, query);
            unmatched.handle(exchange);
            if (!writer.committed()) {
                throw new IllegalStateException("the fallback handler sent no response for " + path);
            }
            return true;
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return ApiErrors.respond(writer, what, t);
        }
    }

    private ApiVersion checkVersion(ApiVersion v) {
        if (v.compareTo(maxVersion) > 0) {
            throw new InvalidArgumentException("client version " + v + " is too new. Maximum supported API version is " + maxVersion);
        }
        if (v.compareTo(minVersion) < 0) {
            throw new InvalidArgumentException("client version " + v + " is too old. Minimum supported API version is "
                    + minVersion + ", please upgrade your client to a newer version");
        }
        return v;
    }

    /** Absolute-form targets ({@code http://docker/v1.41/_ping}) are legal HTTP/1.1; keep the path. */
    private static String stripAuthority(String target) {
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            return slash < 0 ? "/" : target.substring(slash);
        }
        return target;
    }

    /** Percent-decoding as Go does for paths: {@code %2F} becomes a slash, {@code +} stays a plus. */
    private static String decodePath(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid URL escape in path: " + raw);
        }
    }
}
