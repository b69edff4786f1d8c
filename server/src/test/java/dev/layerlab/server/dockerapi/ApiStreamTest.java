package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streamed responses: headers leave at once, every write is a chunk on the wire. */
@Timeout(30)
class ApiStreamTest extends SocketTestSupport {
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void routes() {
        // Like /wait: the client starts the container only once it has our headers.
        router.post("/containers/{id}/wait", ex -> {
            OutputStream out = ex.stream(200, ContentTypes.JSON);
            await(release);
            out.write("{\"StatusCode\":3,\"Error\":null}\n".getBytes(StandardCharsets.US_ASCII));
        });
        router.get("/containers/{id}/logs", ex -> {
            OutputStream out = ex.stream(200, ContentTypes.RAW_STREAM);
            out.write("line 1\n".getBytes(StandardCharsets.US_ASCII));
            await(release);
            out.write("line 2\n".getBytes(StandardCharsets.US_ASCII));
            out.close();
        });
        router.get("/broken", ex -> {
            ex.stream(200, ContentTypes.JSON).write("{\"partial\":".getBytes(StandardCharsets.US_ASCII));
            throw new IllegalStateException("engine failed mid-stream");
        });
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test never released the handler");
        }
    }

    @Test
    void waitFlushesHeadersBeforeTheBodyExists() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /v1.41/containers/x/wait?condition=next-exit HTTP/1.1\r\nHost: docker\r\n\r\n");
            RawClient.Response head = c.readHead(); // would block forever if headers were buffered
            assertEquals(200, head.status());
            assertEquals("chunked", head.header("transfer-encoding"));
            assertEquals("application/json", head.header("content-type"));
            assertEquals(1, release.getCount(), "the handler is still waiting");
            release.countDown();
            assertEquals("{\"StatusCode\":3,\"Error\":null}\n", new String(c.readChunk(), StandardCharsets.US_ASCII));
            assertNull(c.readChunk(), "the handler returned without closing: the body is ended for it");
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertEquals("OK", c.read().text(), "and the connection is reusable");
        }
    }

    @Test
    void eachWriteReachesTheClientAtOnce() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("GET /containers/x/logs?follow=1 HTTP/1.1\r\n\r\n");
            c.readHead();
            assertEquals("line 1\n", new String(c.readChunk(), StandardCharsets.US_ASCII));
            release.countDown();
            assertEquals("line 2\n", new String(c.readChunk(), StandardCharsets.US_ASCII));
            assertNull(c.readChunk());
        }
    }

    @Test
    void failureAfterTheHeadTruncatesTheBodyAndClosesTheConnection() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("GET /broken HTTP/1.1\r\n\r\n");
            assertEquals(200, c.readHead().status());
            assertEquals("{\"partial\":", new String(c.readChunk(), StandardCharsets.US_ASCII));
            assertThrows(IOException.class, c::readChunk, "no terminating chunk: the client must see a broken body");
        }
    }

    @Test
    void closingTheServerInterruptsABlockedHandler() throws Exception {
        RawClient c = RawClient.connect(socket);
        c.send("POST /containers/x/wait HTTP/1.1\r\n\r\n").readHead();
        assertEquals(1, server.connectionCount());
        server.close();
        assertThrows(IOException.class, c::readChunk);
        c.close();
        for (int i = 0; i < 100 && server.connectionCount() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, server.connectionCount());
        assertTrue(release.getCount() == 1);
        assertFalse(java.nio.file.Files.exists(socket));
    }
}
