package dev.layerlab.server.web;

import dev.layerlab.server.sandbox.SandboxShell;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code /ports/} against a learner's app that misbehaves (port-app.py in a python container): a
 * tarpit cannot stall the server, responses stream instead of filling the heap, and a path cannot
 * smuggle header lines into the forwarded request.
 */
class PortLinksBoundsTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 10, Duration.ofMinutes(30)));
    static LearnerClient alice;

    @BeforeAll
    static void startApp() throws Exception {
        alice = new LearnerClient(page);
        String sandbox = alice.sandbox();
        SandboxShell shell = new SandboxShell(page.sandboxes.service.sandboxes());
        String app;
        try (InputStream in = PortLinksBoundsTest.class.getResourceAsStream("port-app.py")) {
            app = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        shell.writeFile(sandbox, "port-app.py", app);
        SandboxShell.Result run = shell.run(sandbox,
                "docker run -d --name app -p 8000:8000 -v /root/port-app.py:/app.py python:3 python3 /app.py", 60);
        assertTrue(run.ok(), run.output());
        for (int i = 0; i < 100; i++) {
            if (alice.send("GET", "/ports/8000/ready", null).statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the app did not answer on /ports/8000/");
    }

    @Test
    void a_tarpit_holds_only_its_learners_share_and_pages_keep_answering() throws Exception {
        int flood = 300;
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
            held.add(alice.http.sendAsync(alice.request("GET", "/ports/8000/hold/" + i, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(1500);
        long start = System.nanoTime();
        HttpResponse<String> home = new LearnerClient(page).send("GET", "/", null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, home.statusCode());
        assertTrue(millis < 1000, "the home page took " + millis + " ms while a tarpit was hit " + flood + " times");

        long refusedAtOnce = held.stream().filter(f -> f.isDone() && f.join().statusCode() == 503).count();
        assertTrue(refusedAtOnce >= flood - PortLinks.PER_LEARNER_REQUESTS,
                "over the cap requests are refused at once: " + refusedAtOnce + " of " + flood);
        HttpResponse<String> refused = held.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().join();
        assertTrue(refused.body().contains("at most " + PortLinks.PER_LEARNER_REQUESTS), refused.body());
        // The held ones end with the first-byte timeout, not the client's patience.
        for (CompletableFuture<HttpResponse<String>> f : held) {
            int status = f.get(PortLinks.FIRST_BYTE_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS).statusCode();
            assertTrue(status == 503 || status == 504, "status " + status);
        }
        assertEquals(200, alice.send("GET", "/ports/8000/after-the-flood", null).statusCode(), "permits are given back");
    }

    @Test
    void control_characters_in_the_path_are_refused_and_never_forwarded() throws Exception {
        HttpResponse<String> injected = alice.send("GET", "/ports/8000/echo%0d%0aX-Injected:%20yes", null);
        assertEquals(400, injected.statusCode(), injected.body());
        assertFalse(injected.body().contains("X-Injected"), injected.body());
        HttpResponse<String> nul = alice.send("GET", "/ports/8000/echo%00", null);
        assertEquals(400, nul.statusCode(), nul.body());

        HttpResponse<String> echoed = alice.send("GET", "/ports/8000/a%20b/%2e%2e?q=a%26b&x=1", null);
        assertEquals(200, echoed.statusCode(), echoed.body());
        assertTrue(echoed.body().startsWith("GET /a%20b/%2e%2e?q=a%26b&x=1 HTTP/1."),
                "the raw, still encoded path is forwarded: " + echoed.body());
    }

    @Test
    void a_response_streams_as_it_arrives() throws Exception {
        CompletableFuture<HttpResponse<InputStream>> response = alice.http.sendAsync(alice.request("GET", "/ports/8000/trickle",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
        // The app holds back its last byte until /release: the first MiB must come through before.
        HttpResponse<InputStream> r = response.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        try (InputStream body = r.body()) {
            byte[] first = CompletableFuture.supplyAsync(() -> {
                try {
                    return body.readNBytes(1 << 20);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertEquals(1 << 20, first.length);
            assertEquals(200, alice.send("GET", "/ports/8000/release", null).statusCode());
            assertEquals("!", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void a_large_response_streams_with_bounded_allocation() throws Exception {
        long size = 200_000_000L;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getTotalThreadAllocatedBytes();
        long received = 0;
        try (Socket s = new Socket("localhost", page.app.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /ports/8000/big/" + size + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + dev.layerlab.server.session.Sessions.COOKIE
                    + "=" + alice.cookie() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                received += n;
            }
        }
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedBefore;
        assertTrue(received > size, "head and body arrived: " + received);
        System.out.printf("relaying %d MB allocated %d MB in the JVM%n", size >> 20, allocated >> 20);
        assertTrue(allocated < size / 4, "relaying " + (size >> 20) + " MB allocated " + (allocated >> 20) + " MB");
    }

    @Test
    void a_request_body_is_streamed_to_the_app() throws Exception {
        byte[] body = new byte[5 << 20];
        HttpResponse<String> r = alice.http.send(alice.request("POST", "/ports/8000/count",
                HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(String.valueOf(body.length), r.body());
    }
}
