package dev.layerlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** POST and DELETE /api/sandboxes over real HTTP (as the operator), and the returned dockerHost answering the real CLI. */
class SandboxRestTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    static Javalin app;
    static HttpClient http = HttpClient.newHttpClient();
    static OperatorToken operator;

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
    static void stop() throws Exception {
        app.stop();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .header("Authorization", "Bearer " + operator.value())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_sandbox_is_created_answers_the_docker_cli_and_is_removed() throws Exception {
        HttpResponse<String> created = send("POST", "/api/sandboxes");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = Json.MAPPER.readTree(created.body());
        String id = body.path("id").asText();
        String dockerHost = body.path("dockerHost").asText();
        assertTrue(dockerHost.startsWith("unix:///"), dockerHost);
        Path socket = Path.of(dockerHost.substring("unix://".length()));
        assertEquals("1.44", new DockerCli(socket).run("version", "--format", "{{.Server.APIVersion}}").assertOk().out());

        assertEquals(204, send("DELETE", "/api/sandboxes/" + id).statusCode());
        assertFalse(Files.exists(socket));
        HttpResponse<String> again = send("DELETE", "/api/sandboxes/" + id);
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("no such sandbox"), again.body());
    }

    @Test
    void a_guessed_sandbox_id_is_not_found() throws Exception {
        assertEquals(404, send("DELETE", "/api/sandboxes/000000000000").statusCode());
        assertEquals(404, send("DELETE", "/api/sandboxes/..%2F..%2Fetc").statusCode());
    }

    @Test
    void a_sandboxs_builds_are_listed_with_each_steps_cache_verdict() throws Exception {
        Path ctx = Files.createDirectories(fx.data.resolve("rest-build"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM busybox\nRUN echo built > /f\n");
        fx.cli.run("build", "-t", "rest:1", ctx.toString()).assertOk();
        fx.cli.run("build", "-t", "rest:1", ctx.toString()).assertOk();
        HttpResponse<String> r = send("GET", "/api/sandboxes/" + fx.sandbox.id() + "/builds");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode builds = Json.MAPPER.readTree(r.body());
        assertEquals(2, builds.size(), r.body());
        JsonNode latest = builds.get(0).path("steps");
        assertEquals("BASE_IMAGE", latest.get(0).path("verdict").asText());
        assertEquals("HIT", latest.get(1).path("verdict").asText());
        assertEquals("NEW_INSTRUCTION", builds.get(1).path("steps").get(1).path("verdict").asText());
        assertEquals("RUN echo built > /f", latest.get(1).path("instruction").asText());
        assertEquals(404, send("GET", "/api/sandboxes/nope/builds").statusCode());
    }
}
