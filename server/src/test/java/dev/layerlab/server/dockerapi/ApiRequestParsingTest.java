package dev.layerlab.server.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request heads and bodies as bytes on the wire: framing, limits, malformed input. */
@Timeout(30)
class ApiRequestParsingTest extends SocketTestSupport {
    @Test
    void chunkedBodyIsDecodedAcrossChunksExtensionsAndTrailers() throws Exception {
        RawClient.Response r = exchange("POST /v1.41/echo HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
        assertEquals(200, r.status());
        assertTrue(r.text().contains("\"body\":\"hello 0123456789\""), r.text());
    }

    @Test
    void chunkedBodyStreamsToTheHandlerBeforeItIsComplete() throws Exception {
        CountDownLatch firstChunkSeen = new CountDownLatch(1);
        router.post("/lazy", ex -> {
            InputStream body = ex.body();
            byte[] start = body.readNBytes(4);
            firstChunkSeen.countDown();
            ex.respond(200, Map.of("start", new String(start, StandardCharsets.US_ASCII), "rest", body.readAllBytes().length));
        });
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /lazy HTTP/1.1\r\nHost: docker\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n");
            assertTrue(firstChunkSeen.await(10, TimeUnit.SECONDS), "handler must see the first chunk before the body ends");
            byte[] big = new byte[3 * 1024 * 1024];
            c.send(Integer.toHexString(big.length) + "\r\n").send(big).send("\r\n0\r\n\r\n");
            JsonNode r = c.read().json();
            assertEquals("abcd", r.path("start").asText());
            assertEquals(big.length, r.path("rest").asInt());
        }
    }

    @Test
    void largeContentLengthBodyArrivesIntact() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024 + 7];
        new java.util.Random(1).nextBytes(big);
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /sha HTTP/1.1\r\nHost: docker\r\nContent-Length: " + big.length + "\r\n\r\n").send(big);
            assertTrue(c.read().text().contains(sha256(new java.io.ByteArrayInputStream(big))));
        }
    }

    @Test
    void unreadBodyIsSkippedSoTheNextRequestParses() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /_ping HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals(404, c.read().status());
            c.send("GET /_ping HTTP/1.1\r\n\r\n");
            assertEquals("OK", c.read().text());
        }
    }

    @Test
    void malformedRequestLineIsA400AndClosesTheConnection() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("GARBAGE\r\n\r\n");
            RawClient.Response r = c.read();
            assertEquals(400, r.status());
            assertEquals("application/json", r.header("content-type"));
            assertEquals("{\"message\":\"malformed HTTP request line\"}", r.text());
            assertEquals("close", r.header("connection"));
            assertEquals(0, c.readToEnd().length, "nothing after the error: the connection is closed");
        }
    }

    @Test
    void malformedHeaderAndChunkAre400() throws Exception {
        assertEquals(400, exchange("GET /_ping HTTP/1.1\r\nBad Header: x\r\n\r\n").status());
        assertEquals(400, exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").status());
        assertEquals(400, exchange("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n").status());
        assertEquals(400, exchange("POST /echo HTTP/1.1\r\nContent-Length: -4\r\n\r\n").status());
        assertEquals(501, exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").status());
    }

    @Test
    void oversizedHeaderIs431() throws Exception {
        String huge = "X-Big: " + "a".repeat(100 * 1024) + "\r\n";
        RawClient.Response r = exchange("GET /_ping HTTP/1.1\r\nHost: docker\r\n" + huge + "\r\n");
        assertEquals(431, r.status());
        assertTrue(r.text().contains("too large"), r.text());
        RawClient.Response longLine = exchange("GET /" + "a".repeat(100 * 1024) + " HTTP/1.1\r\n\r\n");
        assertEquals(431, longLine.status());
    }

    @Test
    void emptyOrMissingHostIsAccepted() throws Exception {
        RawClient.Response empty = exchange("POST /echo HTTP/1.1\r\nHost:\r\nContent-Length: 0\r\n\r\n");
        assertEquals(200, empty.status());
        assertTrue(empty.text().contains("\"host\":\"\""), empty.text());
        assertEquals(200, exchange("GET /_ping HTTP/1.1\r\n\r\n").status());
    }

    @Test
    void expectContinueGetsA100BeforeTheBodyIsSent() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /echo HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, c.readHead().status());
            c.send("hi");
            assertTrue(c.read().text().contains("\"body\":\"hi\""));
        }
    }

    static String sha256(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
