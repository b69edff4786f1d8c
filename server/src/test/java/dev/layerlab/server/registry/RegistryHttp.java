package dev.layerlab.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.registry.Registry;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import io.javalin.Javalin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

/**
 * A server with only the built-in registry (and the server's access rules) over a content store, for raw
 * HTTP tests: a learner "alice" and a learner "bob", each with their registry login token.
 */
final class RegistryHttp implements AutoCloseable {
    /** A clock the tests move, to expire tokens. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ContentStore content;
    final Registry registry;
    final RegistryAccounts accounts;
    final RegistryAccounts.Account alice;
    final RegistryAccounts.Account bob;
    final MovableClock clock = new MovableClock();
    final Javalin app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RegistryHttp(Path dir) throws IOException {
        content = new ContentStore(dir.resolve("content"));
        registry = new Registry(dir.resolve("registry"), content);
        accounts = RegistryAccounts.load(dir);
        alice = accounts.ensure("learner-a", "alice");
        bob = accounts.ensure("learner-b", "bob");
        Access access = new Access(OperatorToken.loadOrCreate(dir), new OriginPolicy(List.of()));
        RegistryRoutes routes = new RegistryRoutes(registry, accounts, new RegistryTokens(clock));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            access.register(config);
            routes.register(config);
        }).start("127.0.0.1", 0);
    }

    int port() {
        return app.port();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A bearer token for the scopes, as {@code account} (null: anonymous). */
    String token(RegistryAccounts.Account account, String... scopes) throws Exception {
        StringBuilder q = new StringBuilder("/v2/token?service=layerlab");
        for (String s : scopes) {
            q.append("&scope=").append(java.net.URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> r = account == null ? send("GET", q.toString(), null, null)
                : send("GET", q.toString(), null, null, "Authorization", basic(account.name(), account.token()));
        if (r.statusCode() != 200) {
            throw new AssertionError("token: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    HttpResponse<byte[]> send(String method, String path, String token, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    /** The first error code of a spec error body. */
    static String code(HttpResponse<byte[]> r) throws IOException {
        return json(r).path("errors").path(0).path("code").asText();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Override
    public void close() {
        app.stop();
    }
}
