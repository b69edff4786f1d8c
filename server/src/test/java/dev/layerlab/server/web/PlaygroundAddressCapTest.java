package dev.layerlab.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Behind a proxy the operator trusts ({@code --trust-proxy}) the client is the proxy's last
 * X-Forwarded-For address, and each address may have a bounded number of sandboxes at once.
 */
class PlaygroundAddressCapTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 10, Duration.ofMinutes(30), 100, 2, true));

    private static HttpResponse<String> terminalFrom(String forwardedFor) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_address_has_at_most_its_cap_of_sandboxes_and_others_are_not_affected() throws Exception {
        assertEquals(201, terminalFrom("198.51.100.7, 192.0.2.1").statusCode());
        assertEquals(201, terminalFrom("192.0.2.1").statusCode());
        HttpResponse<String> third = terminalFrom("203.0.113.9, 192.0.2.1");
        assertEquals(429, third.statusCode(), third.body());
        assertTrue(third.body().contains("your address already has 2 sandboxes, its limit"), third.body());
        assertEquals(201, terminalFrom("192.0.2.2").statusCode(), "another classroom is not affected");
    }
}
