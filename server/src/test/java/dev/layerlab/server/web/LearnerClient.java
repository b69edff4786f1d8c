package dev.layerlab.server.web;

import dev.layerlab.server.session.Sessions;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A test's browser without a browser: its own cookie jar (so its own learner), and on state-changing
 * requests the {@code Origin} header a browser's {@code fetch} from the page sends.
 */
final class LearnerClient {
    final PageFixture page;
    final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    LearnerClient(PageFixture page) {
        this.page = page;
    }

    String origin() {
        return page.url("");
    }

    HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(page.url(path))).method(method, body)
                .timeout(Duration.ofSeconds(60));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            b.header("Origin", origin());
        }
        return b;
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(request(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String cookie() {
        return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(Sessions.COOKIE)).findFirst().orElseThrow().getValue();
    }

    /** Takes a sandbox (as the page does when it opens its shell) and returns its id. */
    String sandbox() throws Exception {
        HttpResponse<String> opened = send("POST", "/api/terminals?kind=host&reuse=true", null);
        if (opened.statusCode() != 200 && opened.statusCode() != 201) {
            throw new AssertionError("no sandbox: " + opened.statusCode() + " " + opened.body());
        }
        return page.playground.sessions().find(cookie()).flatMap(page.playground.sessions()::currentSandbox).orElseThrow();
    }
}
