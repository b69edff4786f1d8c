package dev.layerlab.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Requests cost the server nothing until a learner needs a sandbox, and sandboxes are rationed per client
 * address (the defaults: 5 new ones a minute), so a script without cookies can neither fill the heap nor
 * take every sandbox.
 */
class PlaygroundAdmissionTest {
    @RegisterExtension
    static final PageFixture page = new PageFixture(new PlaygroundSettings(0, 20, Duration.ofMinutes(30)));

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sends {@code count} requests without cookies over 8 threads; returns how many were answered 200. */
    private static int cookielessRequests(HttpClient http, int count) throws Exception {
        List<String> paths = List.of("/", "/playground", "/lessons/docker-basics", "/api/session");
        AtomicInteger ok = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int worker = t;
                done.add(pool.submit(() -> {
                    for (int i = worker; i < count; i += 8) {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(page.url(paths.get(i % paths.size()))))
                                .build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return ok.get();
    }

    @Test
    void twenty_thousand_cookieless_requests_leave_no_learner_behind() throws Exception {
        HttpClient http = HttpClient.newBuilder().build(); // no cookie jar: every request is a first visit
        int learnersBefore = page.playground.sessions().size();
        assertEquals(1000, cookielessRequests(http, 1000), "warm-up: templates, caches, compiled code");
        long heapBefore = heapAfterGc();
        assertEquals(20_000, cookielessRequests(http, 20_000), "every page answered");
        long heapAfter = heapAfterGc();
        System.out.printf("heap after GC: %d KiB before, %d KiB after 20,000 cookie-less requests%n",
                heapBefore >> 10, heapAfter >> 10);
        assertEquals(learnersBefore, page.playground.sessions().size(), "no learner is kept for a visitor");
        try (var files = Files.list(page.learners)) {
            assertEquals(0, files.count(), "and no file is written");
        }
        assertTrue(heapAfter - heapBefore < 3L << 20, "the heap grew by " + ((heapAfter - heapBefore) >> 10) + " KiB");
    }

    @Test
    void one_address_gets_five_new_sandboxes_a_minute_whatever_it_claims() throws Exception {
        HttpClient http = HttpClient.newBuilder().build();
        int learnersBefore = page.playground.sessions().size();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                    .header("X-Forwarded-For", "192.0.2." + i) // not believed: no --trust-proxy
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
        }
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(page.url("/api/terminals?kind=host&reuse=true")))
                .header("X-Forwarded-For", "192.0.2.99")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("too many new sandboxes from your address (5 a minute at most)"), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertEquals(learnersBefore + 5, page.playground.sessions().size(), "the refused visitor is not kept");
    }
}
