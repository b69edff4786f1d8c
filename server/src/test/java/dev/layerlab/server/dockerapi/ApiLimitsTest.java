package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The server's own limits on a real unix socket: the connection cap, the idle timeout, the descriptor reserve. */
@Timeout(30)
class ApiLimitsTest {
    @TempDir
    Path dir;
    ApiServer server;
    final ApiRouter router = new ApiRouter();

    ApiServer start(ApiLimits limits) throws Exception {
        router.get("/_ping", ex -> ex.respond(200, "text/plain", "OK".getBytes(StandardCharsets.US_ASCII)));
        router.get("/stream", ex -> {
            OutputStream out = ex.stream(200, "text/plain");
            for (int i = 0; i < 4; i++) {
                out.write('.');
                out.flush();
                Thread.sleep(500); // quieter than the idle timeout, for longer than it
            }
        });
        server = ApiServer.start(dir.resolve("api.sock"), router, limits);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void over_the_cap_a_connection_gets_503_and_is_closed() throws Exception {
        start(new ApiLimits(2, Duration.ofSeconds(60), 0));
        try (RawClient a = RawClient.connect(server.socketPath()); RawClient b = RawClient.connect(server.socketPath())) {
            assertEquals(200, a.send("GET /_ping HTTP/1.1\r\n\r\n").read().status());
            assertEquals(200, b.send("GET /_ping HTTP/1.1\r\n\r\n").read().status());
            try (RawClient c = RawClient.connect(server.socketPath())) {
                RawClient.Response refused = c.send("GET /_ping HTTP/1.1\r\n\r\n").read();
                assertEquals(503, refused.status());
                assertTrue(refused.text().contains("at most 2 connections"), refused.text());
                assertEquals(0, c.readToEnd().length, "and closed");
            }
            assertEquals(2, server.connectionCount());
        }
    }

    @Test
    void a_connection_waiting_for_a_request_is_closed_after_the_idle_timeout_but_a_streaming_one_is_not() throws Exception {
        start(new ApiLimits(8, Duration.ofMillis(600), 0));
        try (RawClient idle = RawClient.connect(server.socketPath()); RawClient streaming = RawClient.connect(server.socketPath());
             RawClient used = RawClient.connect(server.socketPath())) {
            assertEquals(200, used.send("GET /_ping HTTP/1.1\r\n\r\n").read().status());
            RawClient.Response stream = streaming.send("GET /stream HTTP/1.1\r\n\r\n").read();
            assertEquals("....", stream.text(), "2 s of a quiet stream are not idleness");
            long start = System.nanoTime();
            assertEquals(0, idle.readToEnd().length);
            assertEquals(0, used.readToEnd().length, "idle between requests counts too");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3000, millis + " ms");
        }
    }

    @Test
    void no_connection_is_taken_when_the_server_is_short_of_descriptors() throws Exception {
        start(new ApiLimits(8, Duration.ofSeconds(60), Integer.MAX_VALUE)); // a reserve never met
        try (RawClient c = RawClient.connect(server.socketPath())) {
            RawClient.Response refused = c.send("GET /_ping HTTP/1.1\r\n\r\n").read();
            assertEquals(503, refused.status());
            assertTrue(refused.text().contains("short of file descriptors"), refused.text());
        }
        assertEquals(0, server.connectionCount());
    }
}
