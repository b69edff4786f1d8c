package dev.layerlab.server;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Slow or greedy HTTP clients on real sockets: idle connections are closed, one address holds a bounded number. */
@Timeout(30)
class HttpLimitsTest {
    Javalin app;

    void start(HttpLimits limits) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            limits.apply(config);
            config.routes.get("/hello", ctx -> ctx.result("hello"));
        }).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    String get(Socket s) throws Exception {
        s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() throws Exception {
        start(new HttpLimits(Duration.ofMillis(500), 100));
        try (Socket slow = new Socket("localhost", app.port())) {
            slow.getOutputStream().write("GET /hello HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)); // and never the rest
            long start = System.nanoTime();
            slow.setSoTimeout(10_000);
            InputStream in = slow.getInputStream();
            in.readAllBytes();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 400 && millis < 5000, "closed after " + millis + " ms");
        }
    }

    @Test
    void one_address_holds_at_most_the_cap_and_others_are_closed_at_once() throws Exception {
        start(new HttpLimits(Duration.ofSeconds(30), 3));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(new Socket("localhost", app.port()));
            }
            Thread.sleep(300); // Jetty opens them on its selector
            try (Socket over = new Socket("localhost", app.port())) {
                over.setSoTimeout(5_000);
                String answer = get(over);
                assertFalse(answer.contains("hello"), "the fourth connection is closed: " + answer);
            }
            assertTrue(get(held.get(0)).endsWith("hello"), "the held ones still work");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Thread.sleep(300);
        try (Socket again = new Socket("localhost", app.port())) {
            assertTrue(get(again).endsWith("hello"), "closed connections are uncounted");
        }
    }
}
