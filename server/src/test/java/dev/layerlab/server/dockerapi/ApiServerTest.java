package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server itself: the socket file, connection reuse and closing, many clients at once, ping. */
@Timeout(30)
class ApiServerTest extends SocketTestSupport {
    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /echo HTTP/1.1\r\nHost: docker\r\nContent-Length: 3\r\n\r\none");
            RawClient.Response first = c.read();
            c.send("GET /v1.41/_ping HTTP/1.1\r\nHost: docker\r\n\r\n");
            RawClient.Response second = c.read();
            assertEquals(200, first.status());
            assertTrue(first.text().contains("\"body\":\"one\""), first.text());
            assertEquals(null, first.header("connection"));
            assertEquals("OK", second.text());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");
            assertEquals("close", c.read().header("connection"));
            assertEquals(0, c.readToEnd().length);
        }
    }

    @Test
    void socketFileIsMode0660AndRemovedOnClose() throws Exception {
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        RawClient idle = RawClient.connect(socket);
        idle.send("GET /_ping HTTP/1.1\r\n\r\n").read();
        server.close();
        assertFalse(Files.exists(socket));
        assertEquals(0, idle.readToEnd().length, "open connections are closed");
        idle.close();
        server = ApiServer.start(socket, router);
        assertEquals("OK", exchange("GET /_ping HTTP/1.1\r\n\r\n").text(), "a restart reuses the path");
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        int clients = 64;
        CountDownLatch allConnected = new CountDownLatch(clients);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String body = "client-" + i;
                results.add(pool.submit(() -> {
                    RawClient client;
                    try {
                        client = RawClient.connect(socket);
                    } finally {
                        allConnected.countDown();
                    }
                    try (RawClient c = client) {
                        assertTrue(allConnected.await(20, TimeUnit.SECONDS));
                        int ok = 0;
                        for (int j = 0; j < 5; j++) {
                            c.send("POST /echo HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                            ok += c.read().text().contains(body) ? 1 : 0;
                        }
                        return ok;
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(5, f.get());
            }
        }
    }

    @Test
    void pingAnswersHeadAndGetWithTheNegotiationHeaders() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            RawClient.Response head = c.send("HEAD /_ping HTTP/1.1\r\nHost: docker\r\n\r\n").read(true);
            RawClient.Response get = c.send("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n").read();
            for (RawClient.Response r : List.of(head, get)) {
                assertEquals(200, r.status());
                assertEquals("1.44", r.header("api-version"));
                assertEquals("linux", r.header("ostype"));
                assertEquals("false", r.header("docker-experimental"));
                assertEquals("1", r.header("builder-version"));
                assertEquals("inactive", r.header("swarm"));
                assertEquals("no-cache, no-store, must-revalidate", r.header("cache-control"));
                assertEquals("no-cache", r.header("pragma"));
            }
            assertEquals("0", head.header("content-length"));
            assertArrayEquals("OK".getBytes(StandardCharsets.US_ASCII), get.body());
        }
    }
}
