package dev.layerlab.server.web;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Another web site cannot act for a learner: a state-changing request or a terminal WebSocket from a
 * browser (it has an Origin, or a cookie) is refused unless it comes from the server's own origin or one
 * the operator allows; requests without a browser's marks are not browser requests.
 */
class OriginCheckTest {
    static final String ALLOWED = "https://lab.example.org";
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 10, Duration.ofMinutes(30)), ALLOWED);
    static LearnerClient alice;
    static String terminal;

    @BeforeAll
    static void takeSandbox() throws Exception {
        alice = new LearnerClient(page);
        alice.sandbox();
        HttpResponse<String> opened = alice.send("POST", "/api/terminals?kind=host&reuse=true", null);
        terminal = dev.layerlab.runtime.io.Json.MAPPER.readTree(opened.body()).path("id").asText();
    }

    HttpResponse<String> post(String origin, String secFetchSite) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain");
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (secFetchSite != null) {
            b.header("Sec-Fetch-Site", secFetchSite);
        }
        return alice.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_post_from_another_origin_is_refused_and_the_own_origin_works() throws Exception {
        HttpResponse<String> foreign = post("http://evil.example", "cross-site");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertTrue(foreign.body().contains("http://evil.example"), foreign.body());
        assertEquals(403, post("null", null).statusCode(), "an opaque origin is foreign");
        assertEquals(403, post("http://localhost:1", null).statusCode(), "another port is another origin");
        assertEquals(200, post(alice.origin(), "same-origin").statusCode());
        assertEquals(200, post(ALLOWED, "cross-site").statusCode(), "an origin the operator allows");
    }

    @Test
    void a_post_with_a_cookie_and_no_origin_needs_sec_fetch_site_same_origin() throws Exception {
        HttpResponse<String> bare = post(null, null);
        assertEquals(403, bare.statusCode(), bare.body());
        assertEquals(403, post(null, "cross-site").statusCode());
        assertEquals(200, post(null, "same-origin").statusCode());
    }

    @Test
    void a_terminal_socket_from_another_origin_is_refused_and_the_own_origin_connects() throws Exception {
        CompletionException refused = assertThrows(CompletionException.class, () -> connect("http://evil.example").join());
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        assertThrows(CompletionException.class, () -> connect(null).join(), "a cookie and no Origin");
        CompletableFuture<Boolean> output = new CompletableFuture<>();
        WebSocket ws = alice.http.newWebSocketBuilder().header("Origin", alice.origin())
                .header("Cookie", dev.layerlab.server.session.Sessions.COOKIE + "=" + alice.cookie())
                .buildAsync(URI.create(page.url("/ws/terminals/" + terminal).replace("http:", "ws:")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        output.complete(true);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertTrue(output.get(20, TimeUnit.SECONDS), "the own origin connects and sees output");
        ws.abort();
    }

    CompletableFuture<WebSocket> connect(String origin) {
        WebSocket.Builder b = alice.http.newWebSocketBuilder()
                .header("Cookie", dev.layerlab.server.session.Sessions.COOKIE + "=" + alice.cookie());
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.buildAsync(URI.create(page.url("/ws/terminals/" + terminal).replace("http:", "ws:")), new WebSocket.Listener() {
        });
    }
}
