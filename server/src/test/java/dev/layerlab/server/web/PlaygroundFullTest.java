package dev.layerlab.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** At the operator's sandbox limit a new learner gets a clear "full, try again in N minutes" page. */
class PlaygroundFullTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 1, Duration.ofMinutes(30)));

    @Test
    void beyond_the_limit_a_new_learner_is_told_to_come_back() throws Exception {
        HttpClient first = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> taken = first.send(HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                .header("Origin", page.url("")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, taken.statusCode(), taken.body());

        HttpClient second = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> refused = second.send(HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                .header("Origin", page.url("")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("all 1 sandboxes of this server are in use"), refused.body());

        page.browser.get(page.url("/playground")); // the browser is a third learner
        new WebDriverWait(page.browser, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/full"));
        String text = page.browser.findElement(By.id("full-text")).getText();
        assertTrue(text.matches("This server has no free sandbox right now\\. Please try again in \\d+ minutes\\."), text);
        page.screenshot("09-full");
    }
}
