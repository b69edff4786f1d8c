package dev.layerlab.server.registry;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.registry.Registry;
import dev.layerlab.runtime.registry.RegistryError;
import dev.layerlab.runtime.registry.RegistryException;
import dev.layerlab.runtime.registry.RepositoryName;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in registry's HTTP side, OCI distribution spec 1.1 at {@code /v2/} on the server's port:
 * the spec's endpoints and error bodies over {@link Registry} (the storage, in the runtime), Docker Hub's
 * bearer-token flow ({@link TokenEndpoint}), and who may do what, checked here for every request: a valid
 * token holding the action on the repository. Without one the answer is 401 with the challenge
 * ({@code WWW-Authenticate: Bearer realm="<server>/v2/token",service="layerlab",scope=...}); with a token
 * that was issued for the repository but lacks the action, 403 DENIED.
 */
public final class RegistryRoutes {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes )?(\\d{1,18})-(\\d{1,18})(?:/\\d+|/\\*)?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");
    private static final int MAX_PAGE = 1000;

    private final Registry registry;
    private final TokenEndpoint tokenEndpoint;
    private final RegistryTokens tokens;

    public RegistryRoutes(Registry registry, RegistryAccounts accounts, RegistryTokens tokens) {
        this.registry = registry;
        this.tokens = tokens;
        this.tokenEndpoint = new TokenEndpoint(accounts, tokens);
    }

    public void register(JavalinConfig config) {
        for (String path : new String[]{"/v2", "/v2/<path>"}) {
            for (HandlerType type : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT,
                    HandlerType.PATCH, HandlerType.DELETE)) {
                config.routes.addHttpHandler(type, path, this::handle);
            }
        }
    }

    /** Drops abandoned upload sessions every minute (they are also dropped whenever a session is opened). */
    public void startExpiry() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-upload-expiry");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                registry.expireUploads();
            } catch (IOException | RuntimeException e) {
                System.err.println("layerlab: expiring registry uploads: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    private void handle(Context ctx) throws IOException {
        ctx.header("Docker-Distribution-API-Version", "registry/2.0");
        try {
            RegistryRequest request = RegistryRequest.of(ctx.req().getRequestURI());
            if (request == null) {
                throw new RegistryException(RegistryError.NAME_UNKNOWN, "no registry endpoint at " + ctx.path());
            }
            String method = ctx.method().name();
            if (request.kind() == RegistryRequest.Kind.TOKEN) {
                tokenEndpoint.handle(ctx);
                return;
            }
            Optional<RegistryTokens.Claims> claims = bearer(ctx);
            switch (request.kind()) {
                case BASE -> {
                    if (claims.isEmpty()) {
                        throw challenge(ctx, null, false);
                    }
                    json(ctx, 200, Map.of());
                }
                case CATALOG -> {
                    require(ctx, claims, "registry", "catalog", "*");
                    Integer n = number(ctx);
                    Registry.Page page = registry.catalog(n, ctx.queryParam("last"));
                    link(ctx, "/v2/_catalog", n, page);
                    json(ctx, 200, Map.of("repositories", page.items()));
                }
                default -> repository(ctx, method, request, claims);
            }
        } catch (RegistryException e) {
            error(ctx, e.error(), e.getMessage());
        } catch (NotFoundException e) {
            error(ctx, RegistryError.BLOB_UNKNOWN, e.getMessage()); // collected between the check and the read
        } catch (org.eclipse.jetty.io.EofException e) {
            error(ctx, RegistryError.BLOB_UPLOAD_INVALID, "the request body ended early; nothing of it was kept");
        }
    }

    private void repository(Context ctx, String method, RegistryRequest request, Optional<RegistryTokens.Claims> claims)
            throws IOException {
        RepositoryName name = request.name();
        String action = switch (method) {
            case "GET", "HEAD" -> "pull";
            case "DELETE" -> "delete";
            default -> "push";
        };
        if (request.kind() == RegistryRequest.Kind.UPLOADS || request.kind() == RegistryRequest.Kind.UPLOAD) {
            action = "push"; // an upload session, even its GET and DELETE, is the pusher's
        }
        RegistryTokens.Claims who = require(ctx, claims, "repository", name.value(), action);
        switch (request.kind()) {
            case BLOB -> blob(ctx, method, name, Registry.parseDigest(request.argument()));
            case UPLOADS -> {
                only(method, "POST");
                startUpload(ctx, name, who);
            }
            case UPLOAD -> upload(ctx, method, name, request.argument());
            case MANIFEST -> manifest(ctx, method, name, request.argument());
            case TAGS -> {
                only(method, "GET");
                Integer n = number(ctx);
                Registry.Page page = registry.tags(name, n, ctx.queryParam("last"));
                link(ctx, "/v2/" + name + "/tags/list", n, page);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", name.value());
                body.put("tags", page.items());
                json(ctx, 200, body);
            }
            case REFERRERS -> {
                only(method, "GET");
                Digest subject = Registry.parseDigest(request.argument());
                String artifactType = ctx.queryParam("artifactType");
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("schemaVersion", 2);
                index.put("mediaType", MediaTypes.OCI_INDEX);
                index.put("manifests", registry.referrers(name, subject, artifactType));
                if (artifactType != null) {
                    ctx.header("OCI-Filters-Applied", "artifactType");
                }
                byte[] bytes = Json.toBytes(index);
                ctx.status(200).contentType(MediaTypes.OCI_INDEX);
                raw(ctx, bytes);
            }
            default -> throw new IllegalStateException(request.kind().toString());
        }
    }

    private void blob(Context ctx, String method, RepositoryName name, Digest digest) throws IOException {
        switch (method) {
            case "GET", "HEAD" -> {
                Registry.Blob blob = registry.blob(name, digest);
                ctx.header("Docker-Content-Digest", digest.toString());
                ctx.header("Accept-Ranges", "bytes");
                ctx.header("ETag", "\"" + digest + "\"");
                ctx.contentType("application/octet-stream");
                long start = 0;
                long end = blob.size() - 1;
                String range = method.equals("GET") ? ctx.header("Range") : null;
                if (range != null) {
                    Matcher m = RANGE.matcher(range.strip());
                    if (!m.matches() || Long.parseLong(m.group(1)) >= blob.size()
                            || (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < Long.parseLong(m.group(1)))) {
                        ctx.header("Content-Range", "bytes */" + blob.size());
                        throw new RegistryException(RegistryError.RANGE_INVALID, "range " + range + " is not within the blob's "
                                + blob.size() + " bytes");
                    }
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? end : Math.min(end, Long.parseLong(m.group(2)));
                    ctx.status(206);
                    ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + blob.size());
                } else {
                    ctx.status(200);
                }
                HttpServletResponse res = ctx.res();
                res.setContentLengthLong(end - start + 1);
                if (method.equals("HEAD")) {
                    return;
                }
                try (FileChannel ch = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
                    OutputStream out = res.getOutputStream();
                    long pos = start;
                    long left = end - start + 1;
                    while (left > 0) {
                        long n = ch.transferTo(pos, left, Channels.newChannel(out));
                        if (n <= 0) {
                            break;
                        }
                        pos += n;
                        left -= n;
                    }
                    out.flush();
                }
            }
            case "DELETE" -> {
                registry.deleteBlob(name, digest);
                ctx.status(202);
                ctx.res().setContentLength(0);
            }
            default -> throw unsupported(method);
        }
    }

    private void startUpload(Context ctx, RepositoryName name, RegistryTokens.Claims who) throws IOException {
        String mount = ctx.queryParam("mount");
        String from = ctx.queryParam("from");
        if (mount != null && from != null) {
            Digest digest = Registry.parseDigest(mount);
            boolean mayPullFrom = RepositoryName.isValid(from) && who.on("repository", from)
                    .map(a -> a.actions().contains("pull") || a.actions().contains("*")).orElse(false);
            if (mayPullFrom && registry.mount(name, digest, new RepositoryName(from))) {
                blobCreated(ctx, name, digest);
                return;
            } // else: an ordinary upload session, as the spec says
        }
        String digestParam = ctx.queryParam("digest");
        if (digestParam != null) {
            Digest digest = Registry.parseDigest(digestParam);
            registry.putBlob(name, digest, ctx.req().getInputStream());
            blobCreated(ctx, name, digest);
            return;
        }
        Registry.UploadState state = registry.startUpload(name, who.sub());
        uploadAccepted(ctx, name, state);
    }

    private void upload(Context ctx, String method, RepositoryName name, String id) throws IOException {
        switch (method) {
            case "GET" -> {
                Registry.UploadState state = registry.uploadState(name, id);
                uploadHeaders(ctx, name, state);
                ctx.status(204);
            }
            case "PATCH" -> {
                Long start = null;
                Long end = null;
                String contentRange = ctx.header("Content-Range");
                if (contentRange != null) {
                    Matcher m = CONTENT_RANGE.matcher(contentRange.strip());
                    if (!m.matches()) {
                        throw new RegistryException(RegistryError.RANGE_INVALID, "Content-Range must be <start>-<end>, not " + contentRange);
                    }
                    start = Long.parseLong(m.group(1));
                    end = Long.parseLong(m.group(2));
                    if (end < start) {
                        throw new RegistryException(RegistryError.RANGE_INVALID, "Content-Range " + contentRange + " ends before it starts");
                    }
                }
                Registry.UploadState state = registry.append(name, id, ctx.req().getInputStream(), start, end);
                uploadAccepted(ctx, name, state);
            }
            case "PUT" -> {
                String digestParam = ctx.queryParam("digest");
                if (digestParam == null) {
                    throw new RegistryException(RegistryError.DIGEST_INVALID, "closing an upload needs ?digest=");
                }
                Digest digest = Registry.parseDigest(digestParam);
                try (InputStream body = ctx.req().getInputStream()) {
                    registry.finishUpload(name, id, digest, body);
                }
                blobCreated(ctx, name, digest);
            }
            case "DELETE" -> {
                registry.cancelUpload(name, id);
                ctx.status(204);
            }
            default -> throw unsupported(method);
        }
    }

    private void manifest(Context ctx, String method, RepositoryName name, String reference) throws IOException {
        switch (method) {
            case "GET", "HEAD" -> {
                Registry.Manifest m = registry.manifest(name, reference);
                ctx.status(200);
                ctx.header("Docker-Content-Digest", m.digest().toString());
                ctx.header("ETag", "\"" + m.digest() + "\"");
                ctx.contentType(m.mediaType());
                if (method.equals("HEAD")) {
                    ctx.res().setContentLength(m.bytes().length);
                } else {
                    raw(ctx, m.bytes());
                }
            }
            case "PUT" -> {
                Registry.PutManifest put = registry.putManifest(name, reference, ctx.req().getInputStream(), ctx.header("Content-Type"));
                ctx.status(201);
                ctx.header("Location", "/v2/" + name + "/manifests/" + put.digest());
                ctx.header("Docker-Content-Digest", put.digest().toString());
                if (put.subject() != null) {
                    ctx.header("OCI-Subject", put.subject().toString());
                }
                ctx.res().setContentLength(0);
            }
            case "DELETE" -> {
                registry.deleteManifest(name, reference);
                ctx.status(202);
                ctx.res().setContentLength(0);
            }
            default -> throw unsupported(method);
        }
    }

    // ---- access

    private Optional<RegistryTokens.Claims> bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.verify(auth.substring(7).strip());
    }

    /** The claims, if they hold {@code action} on the resource; else the challenge (401) or DENIED (403). */
    private RegistryTokens.Claims require(Context ctx, Optional<RegistryTokens.Claims> claims, String type, String name, String action) {
        String scope = type + ":" + name + ":" + switch (action) {
            case "push" -> "pull,push";
            default -> action;
        };
        if (claims.isEmpty()) {
            throw challenge(ctx, scope, false);
        }
        Optional<RegistryTokens.Access> access = claims.get().on(type, name);
        if (access.isEmpty()) {
            throw challenge(ctx, scope, true);
        }
        if (!access.get().actions().contains(action) && !access.get().actions().contains("*")) {
            if (claims.get().anonymous()) {
                throw challenge(ctx, scope, true);
            }
            throw new RegistryException(RegistryError.DENIED, claims.get().sub() + " may not " + action + " " + name
                    + (type.equals("repository") ? ": only " + new RepositoryName(name).namespace() + " may push or delete under "
                    + new RepositoryName(name).namespace() + "/" : ""));
        }
        return claims.get();
    }

    private RegistryException challenge(Context ctx, String scope, boolean insufficient) {
        String host = ctx.host();
        String realm = ctx.scheme() + "://" + (host != null && HOST.matcher(host).matches() ? host : "localhost") + "/v2/token";
        StringBuilder h = new StringBuilder("Bearer realm=\"" + realm + "\",service=\"" + TokenEndpoint.SERVICE + "\"");
        if (scope != null) {
            h.append(",scope=\"").append(scope).append('"');
        }
        if (insufficient) {
            h.append(",error=\"insufficient_scope\"");
        }
        ctx.header("WWW-Authenticate", h.toString());
        return new RegistryException(RegistryError.UNAUTHORIZED, scope == null ? "authentication required"
                : "this needs a token for " + scope);
    }

    // ---- responses

    private static void blobCreated(Context ctx, RepositoryName name, Digest digest) {
        ctx.status(201);
        ctx.header("Location", "/v2/" + name + "/blobs/" + digest);
        ctx.header("Docker-Content-Digest", digest.toString());
        ctx.res().setContentLength(0);
    }

    private static void uploadAccepted(Context ctx, RepositoryName name, Registry.UploadState state) {
        ctx.status(202);
        uploadHeaders(ctx, name, state);
        ctx.res().setContentLength(0);
    }

    private static void uploadHeaders(Context ctx, RepositoryName name, Registry.UploadState state) {
        ctx.header("Location", "/v2/" + name + "/blobs/uploads/" + state.id());
        ctx.header("Docker-Upload-UUID", state.id());
        ctx.header("Range", "0-" + Math.max(0, state.offset() - 1));
    }

    private static Integer number(Context ctx) {
        String n = ctx.queryParam("n");
        if (n == null || n.isEmpty()) {
            return null;
        }
        try {
            return Math.min(MAX_PAGE, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            throw new RegistryException(RegistryError.PAGINATION_NUMBER_INVALID, "n must be a number, not " + n);
        }
    }

    private static void link(Context ctx, String path, Integer n, Registry.Page page) {
        if (page.more() && !page.items().isEmpty()) {
            ctx.header("Link", "<" + path + "?n=" + n + "&last=" + page.items().getLast() + ">; rel=\"next\"");
        }
    }

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw unsupported(method);
        }
    }

    private static RegistryException unsupported(String method) {
        return new RegistryException(RegistryError.UNSUPPORTED, method + " is not supported here");
    }

    private static void json(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json");
        raw(ctx, Json.toBytes(body));
    }

    /** Writes the body straight to the servlet response: exact bytes, length known, no compression. */
    private static void raw(Context ctx, byte[] bytes) throws IOException {
        if (ctx.method() == HandlerType.HEAD) {
            ctx.res().setContentLength(bytes.length);
            return;
        }
        ctx.res().setContentLength(bytes.length);
        ctx.res().getOutputStream().write(bytes);
    }

    static int status(RegistryError error) {
        return switch (error) {
            case BLOB_UNKNOWN, BLOB_UPLOAD_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN -> 404;
            case UNAUTHORIZED -> 401;
            case DENIED -> 403;
            case UNSUPPORTED -> 405;
            case RANGE_INVALID -> 416;
            case TOO_LARGE -> 413;
            case TOOMANYREQUESTS -> 429;
            default -> 400;
        };
    }

    private static void error(Context ctx, RegistryError error, String detail) throws IOException {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", error.code());
        e.put("message", error.message());
        e.put("detail", detail);
        json(ctx, status(error), Map.of("errors", List.of(e)));
    }
}
