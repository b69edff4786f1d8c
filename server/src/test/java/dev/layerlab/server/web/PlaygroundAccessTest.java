package dev.layerlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.sandbox.SandboxShell;
import dev.layerlab.server.session.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One learner cannot reach another's sandbox through the pages: not their terminal (by a guessed or
 * even a known ID), not their files, not their published ports; bad IDs and paths are refused.
 */
class PlaygroundAccessTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 10, Duration.ofMinutes(30)));

    /** A browser of its own: its own cookie jar, so its own learner. */
    static final class Learner {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(page.url(path)))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .header("Origin", page.url("")) // as the page's own fetch sends it
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        String cookie() {
            return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals(Sessions.COOKIE)).findFirst().orElseThrow().getValue();
        }

        /** Connects to a terminal's socket; completes with the close code the server sent. */
        CompletableFuture<Integer> connect(String terminalId) throws Exception {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            http.newWebSocketBuilder()
                    .header("Cookie", Sessions.COOKIE + "=" + cookie())
                    .header("Origin", page.url(""))
                    .buildAsync(URI.create(page.url("/ws/terminals/" + terminalId).replace("http:", "ws:")),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                                    closed.complete(status);
                                    return null;
                                }

                                @Override
                                public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                                    closed.complete(0); // output arrived: it is connected
                                    return null;
                                }
                            }).join();
            return closed;
        }
    }

    static final Learner alice = new Learner();
    static final Learner bob = new Learner();

    @Test
    void a_learner_cannot_use_another_learners_terminal() throws Exception {
        assertEquals(200, alice.send("GET", "/", null).statusCode());
        assertEquals(200, bob.send("GET", "/", null).statusCode());
        HttpResponse<String> opened = alice.send("POST", "/api/terminals?kind=host&reuse=true", null);
        assertTrue(opened.statusCode() == 200 || opened.statusCode() == 201, opened.body());
        String id = Json.MAPPER.readTree(opened.body()).path("id").asText();
        assertEquals(0, alice.connect(id).get(20, TimeUnit.SECONDS), "the owner connects and sees output");
        assertEquals(1008, bob.connect(id).get(20, TimeUnit.SECONDS), "another learner is refused");
        assertEquals(1008, bob.connect("00000000000000000000").get(20, TimeUnit.SECONDS));
    }

    @Test
    void unknown_lessons_steps_and_bad_paths_are_refused() throws Exception {
        assertEquals(404, alice.send("GET", "/lessons/no-such-lesson", null).statusCode());
        assertEquals(404, alice.send("POST", "/api/lessons/docker-basics/steps/no-such-step/check", null).statusCode());
        HttpResponse<String> traversal = alice.send("GET", "/api/files/content?path=../../etc/shadow", null);
        assertEquals(400, traversal.statusCode(), traversal.body());
        assertEquals(400, alice.send("PUT", "/api/files/content?path=/etc/passwd", "x").statusCode());
        assertEquals(413, alice.send("PUT", "/api/files/content?path=big.txt", "가".repeat(30_000)).statusCode(),
                "the limit counts bytes: 30,000 Korean characters are 90 KB");
    }

    @Test
    void files_and_ports_are_each_learners_own() throws Exception {
        assertEquals(204, alice.send("PUT", "/api/files/content?path=notes/secret.txt", "alice's\n").statusCode());
        assertEquals("alice's\n", alice.send("GET", "/api/files/content?path=notes/secret.txt", null).body());
        assertEquals(404, bob.send("GET", "/api/files/content?path=notes/secret.txt", null).statusCode());
        JsonNode files = Json.MAPPER.readTree(alice.send("GET", "/api/files", null).body());
        assertTrue(files.toString().contains("notes/secret.txt"), files.toString());

        String aliceSandbox = page.playground.sessions().find(alice.cookie()).flatMap(page.playground.sessions()::currentSandbox)
                .orElseThrow();
        SandboxShell shell = new SandboxShell(page.sandboxes.service.sandboxes());
        assertTrue(shell.run(aliceSandbox, "docker run -d --name web -p 5000:80 nginx", 60).ok());
        HttpResponse<String> own = null;
        for (int i = 0; i < 50; i++) {
            own = alice.send("GET", "/ports/5000/", null);
            if (own.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(own.body().contains("Welcome to nginx!"), own.body());
        HttpResponse<String> other = bob.send("GET", "/ports/5000/", null);
        assertEquals(404, other.statusCode(), other.body());
    }
}
