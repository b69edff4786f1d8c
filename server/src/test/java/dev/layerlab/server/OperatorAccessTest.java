package dev.layerlab.server;

import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import dev.layerlab.server.cli.SandboxFixture;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The operator's routes (every sandbox, the engine) answer only the operator token: a visitor cannot
 * list, read, delete or make sandboxes, and a cross-site form post cannot either.
 */
class OperatorAccessTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    static Javalin app;
    static OperatorToken operator;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        operator = OperatorToken.loadOrCreate(fx.data);
        Access access = new Access(operator, new OriginPolicy(List.of()));
        app = Javalin.create(config -> {
            access.register(config);
            new ServerRoutes(fx.engine, fx.service).register(config);
        }).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String[][] routes() {
        return new String[][]{{"GET", "/api/sandboxes"}, {"POST", "/api/sandboxes"},
                {"DELETE", "/api/sandboxes/" + fx.sandbox.id()}, {"GET", "/api/sandboxes/" + fx.sandbox.id() + "/builds"},
                {"GET", "/api/engine"}};
    }

    @Test
    void without_the_token_every_operator_route_is_401() throws Exception {
        int before = fx.service.sandboxes().list().size();
        for (String[] route : routes()) {
            for (String[] creds : new String[][]{{}, {"Authorization", "Bearer " + "0".repeat(64)},
                    {"Authorization", "Basic " + operator.value()}, {"Authorization", "Bearer " + operator.value() + "x"}}) {
                HttpResponse<String> r = send(route[0], route[1], creds);
                assertEquals(401, r.statusCode(), route[0] + " " + route[1] + ": " + r.body());
                assertEquals("Bearer realm=\"layerlab\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
                assertFalse(r.body().contains(fx.sandbox.id()), r.body());
            }
        }
        // A page of another site posting a form (text/plain, no preflight) with a learner's cookie.
        HttpResponse<String> csrf = send("POST", "/api/sandboxes", "Content-Type", "text/plain", "Origin", "http://evil.example",
                "Cookie", "layerlab_session=x");
        assertTrue(csrf.statusCode() == 401 || csrf.statusCode() == 403, csrf.statusCode() + " " + csrf.body());
        assertEquals(before, fx.service.sandboxes().list().size(), "nothing was made or removed");
    }

    @Test
    void the_token_holder_uses_every_operator_route() throws Exception {
        String[] auth = {"Authorization", "Bearer " + operator.value()};
        HttpResponse<String> list = send("GET", "/api/sandboxes", auth);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains(fx.sandbox.id()), list.body());
        assertEquals(200, send("GET", "/api/engine", auth).statusCode());
        assertEquals(200, send("GET", "/api/sandboxes/" + fx.sandbox.id() + "/builds", auth).statusCode());
        HttpResponse<String> created = send("POST", "/api/sandboxes", auth);
        assertEquals(201, created.statusCode(), created.body());
        String id = dev.layerlab.runtime.io.Json.MAPPER.readTree(created.body()).path("id").asText();
        assertEquals(204, send("DELETE", "/api/sandboxes/" + id, "authorization", "bearer " + operator.value()).statusCode());
    }

    @Test
    void the_token_is_made_once_private_and_kept() throws Exception {
        Path file = fx.data.resolve(OperatorToken.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(operator.value().matches("[0-9a-f]{64}"), "256 random bits");
        assertEquals(operator.value(), OperatorToken.loadOrCreate(fx.data).value(), "a restart keeps it");
        Path other = Files.createTempDirectory(fx.data, "other-");
        assertNotEquals(operator.value(), OperatorToken.loadOrCreate(other).value());
    }
}
