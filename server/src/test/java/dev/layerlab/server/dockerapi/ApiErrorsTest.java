package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Handlers throw; the router answers with the status and a JSON message the CLI can print. */
@Timeout(30)
class ApiErrorsTest extends SocketTestSupport {
    @BeforeEach
    void routes() {
        router.get("/notfound", ex -> {
            throw new NotFoundException("No such container: x");
        });
        router.get("/conflict", ex -> {
            throw new ConflictException("container is running");
        });
        router.get("/invalid", ex -> {
            throw new InvalidArgumentException("bad reference");
        });
        router.get("/engine", ex -> {
            throw new EngineException("runc failed");
        });
        router.get("/bug", ex -> {
            throw new NullPointerException("oops");
        });
        router.get("/explicit", ex -> {
            throw new ApiException(501, "not in layerlab");
        });
        router.post("/containers/{id}/start", ex -> {
            throw new NotModified();
        });
        router.get("/silent", ex -> {
        });
        router.post("/json", ex -> ex.respond(200, Map.of("cmd", ex.json().path("Cmd").path(0).asText("none"))));
        router.get("/query", ex -> ex.respond(200, Map.of("t", ex.query().integer("t", -1))));
    }

    private RawClient.Response get(String request) throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            RawClient.Response r = c.send(request).read();
            // After an error the connection still serves the next request.
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertEquals("OK", c.read().text());
            return r;
        }
    }

    private void assertError(String path, int status, String message) throws Exception {
        RawClient.Response r = get("GET " + path + " HTTP/1.1\r\nHost: docker\r\n\r\n");
        assertEquals(status, r.status(), path);
        assertEquals("application/json", r.header("content-type"), "no charset, or the CLI prints the raw body");
        assertEquals(message, r.json().path("message").asText());
    }

    @Test
    void engineErrorsMapToTheirStatuses() throws Exception {
        assertError("/notfound", 404, "No such container: x");
        assertError("/conflict", 409, "container is running");
        assertError("/invalid", 400, "bad reference");
        assertError("/engine", 500, "runc failed");
        assertError("/bug", 500, "oops");
        assertError("/explicit", 501, "not in layerlab");
        assertError("/silent", 500, "handler for /silent sent no response");
        assertError("/query?t=abc", 400, "invalid value for t: abc");
    }

    @Test
    void notModifiedIs304WithoutBody() throws Exception {
        RawClient.Response r = get("POST /v1.41/containers/x/start HTTP/1.1\r\nHost: docker\r\n\r\n");
        assertEquals(304, r.status());
        assertEquals(null, r.header("content-length"));
        assertEquals(0, r.body().length);
    }

    @Test
    void jsonBodies() throws Exception {
        String good = "{\"Cmd\":[\"sh\"]}";
        assertEquals("sh", get("POST /json HTTP/1.1\r\nContent-Length: " + good.length() + "\r\n\r\n" + good).json().path("cmd").asText());
        assertEquals("none", get("POST /json HTTP/1.1\r\nContent-Length: 0\r\n\r\n").json().path("cmd").asText(), "an empty body is no JSON, not an error");
        RawClient.Response bad = get("POST /json HTTP/1.1\r\nContent-Length: 5\r\n\r\n{\"Cmd");
        assertEquals(400, bad.status());
        assertEquals("application/json", bad.header("content-type"));
        assertEquals(true, bad.json().path("message").asText().startsWith("invalid JSON: "), bad.text());
    }
}
