package dev.layerlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** POST and DELETE /api/sandboxes over real HTTP, and the returned dockerHost answering the real CLI. */
class SandboxRestTest {
    static SandboxFixture fx;
    static Javalin app;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fx = new SandboxFixture();
        app = Javalin.create(config -> new ServerRoutes(fx.engine, fx.service).register(config)).start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        app.stop();
        fx.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
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
}
