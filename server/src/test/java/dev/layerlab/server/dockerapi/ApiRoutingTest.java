package dev.layerlab.server.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths to handlers: the version prefix, image names with slashes and colons, unknown routes. */
@Timeout(30)
class ApiRoutingTest extends SocketTestSupport {
    @Test
    void unknownRouteIs404PageNotFound() throws Exception {
        RawClient.Response r = exchange("GET /v1.41/nope HTTP/1.1\r\nHost: docker\r\n\r\n");
        assertEquals(404, r.status());
        assertEquals("application/json", r.header("content-type"));
        assertEquals("{\"message\":\"page not found\"}", r.text());
        assertEquals(404, exchange("DELETE /_ping HTTP/1.1\r\n\r\n").status(), "known path, other method");
    }

    @Test
    void versionPrefixIsStrippedCheckedAndExposed() throws Exception {
        assertTrue(exchange(post("/v1.24/echo")).text().contains("\"version\":\"1.24\""));
        assertTrue(exchange(post("/v1.41/echo")).text().contains("\"path\":\"/echo\""));
        assertTrue(exchange(post("/v1.44/echo")).text().contains("\"version\":\"1.44\""));
        assertTrue(exchange(post("/echo")).text().contains("\"version\":\"1.44\""), "unprefixed means newest");

        RawClient.Response tooNew = exchange(post("/v1.45/echo"));
        assertEquals(400, tooNew.status());
        assertEquals("{\"message\":\"client version 1.45 is too new. Maximum supported API version is 1.44\"}", tooNew.text());
        RawClient.Response tooOld = exchange(post("/v1.23/echo"));
        assertEquals(400, tooOld.status());
        assertEquals("{\"message\":\"client version 1.23 is too old. Minimum supported API version is 1.24, "
                + "please upgrade your client to a newer version\"}", tooOld.text());
        assertEquals(400, exchange(post("/v1.100/echo")).status(), "1.100 is newer than 1.44, not older");
    }

    private static String post(String path) {
        return "POST " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    void imageNamesWithSlashesAndColonsRouteRight() throws Exception {
        router.get("/images/json", ex -> ex.respond(200, Map.of("list", true)));
        router.get("/images/{name}/json", ex -> ex.respond(200, Map.of("inspect", ex.param("name"))));
        router.post("/images/{name}/tag", ex -> ex.respond(201, Map.of("tag", ex.param("name"), "repo", ex.query().string("repo"))));
        router.delete("/images/{name}", ex -> ex.respond(200, Map.of("delete", ex.param("name"))));

        assertEquals("{\"list\":true}", exchange("GET /v1.41/images/json HTTP/1.1\r\n\r\n").text());
        assertEquals("{\"inspect\":\"localhost:5000/a/b:tag\"}",
                exchange("GET /v1.41/images/localhost:5000/a/b:tag/json HTTP/1.1\r\n\r\n").text());
        assertEquals("{\"inspect\":\"localhost:5000/a/b:tag\"}",
                exchange("GET /v1.41/images/localhost%3A5000%2Fa%2Fb%3Atag/json HTTP/1.1\r\n\r\n").text());
        assertEquals("{\"inspect\":\"x/json\"}", exchange("GET /images/x/json/json HTTP/1.1\r\n\r\n").text());
        JsonNode tag = exchange("POST /images/sha256:abc/tag?repo=docker.io%2Flibrary%2Fa+b HTTP/1.1\r\n\r\n").json();
        assertEquals("sha256:abc", tag.path("tag").asText());
        assertEquals("docker.io/library/a b", tag.path("repo").asText());
        assertEquals("{\"delete\":\"localhost:5000/a/b:tag\"}",
                exchange("DELETE /v1.44/images/localhost:5000/a/b:tag HTTP/1.1\r\n\r\n").text());
        assertEquals(400, exchange("GET /images/bad%zz/json HTTP/1.1\r\n\r\n").status());
    }

    @Test
    void absoluteFormTargetAndHttp10() throws Exception {
        assertEquals("OK", exchange("GET http://docker/v1.41/_ping HTTP/1.1\r\n\r\n").text());
        try (RawClient c = RawClient.connect(socket)) {
            RawClient.Response r = c.send("GET /_ping HTTP/1.0\r\n\r\n").read();
            assertTrue(r.statusLine().startsWith("HTTP/1.0 200"), r.statusLine());
            assertEquals(0, c.readToEnd().length, "HTTP/1.0 closes after one response");
        }
    }

    @Test
    void theMostSpecificRouteWinsWhateverTheRegistrationOrder() throws Exception {
        router.get("/things/{name}", ex -> ex.respond(200, Map.of("route", "name " + ex.param("name"))));
        router.get("/things/json", ex -> ex.respond(200, Map.of("route", "list")));
        router.get("/c/{id}/ws", ex -> ex.respond(200, Map.of("route", "ws " + ex.param("id"))));
        router.get("/c/{id}/attach/ws", ex -> ex.respond(200, Map.of("route", "attach " + ex.param("id"))));

        assertEquals("list", exchange("GET /things/json HTTP/1.1\r\n\r\n").json().path("route").asText());
        assertEquals("name a/json", exchange("GET /things/a/json HTTP/1.1\r\n\r\n").json().path("route").asText());
        assertEquals("attach x", exchange("GET /c/x/attach/ws HTTP/1.1\r\n\r\n").json().path("route").asText());
        assertEquals("ws x/other", exchange("GET /c/x/other/ws HTTP/1.1\r\n\r\n").json().path("route").asText());
    }
}
