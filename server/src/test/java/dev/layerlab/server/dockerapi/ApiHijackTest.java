package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Connection hijacking as attach and exec start use it, including the client's half-close. */
@Timeout(30)
class ApiHijackTest extends SocketTestSupport {
    @BeforeEach
    void routes() {
        // Echoes stdin back until the client half-closes, then still writes a farewell: like a
        // container that prints after its stdin ends.
        router.post("/containers/{id}/attach", ex -> {
            try (HijackedStream raw = ex.hijack(ContentTypes.RAW_STREAM)) {
                InputStream in = raw.input();
                byte[] buf = new byte[1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    raw.output().write(buf, 0, n);
                }
                raw.output().write(("bye " + ex.param("id")).getBytes(StandardCharsets.US_ASCII));
            }
        });
        // Like exec start: a JSON body first, then multiplexed output.
        router.post("/exec/{id}/start", ex -> {
            String cmd = ex.json().path("Cmd").asText();
            try (HijackedStream raw = ex.hijack(ContentTypes.forStream(ex.apiVersion(), false))) {
                MultiplexedStream mux = new MultiplexedStream(raw.output());
                mux.stdout().write(cmd.getBytes(StandardCharsets.US_ASCII));
                mux.stderr().write("err".getBytes(StandardCharsets.US_ASCII));
                raw.closeWrite();
                // After our half-close the client can still talk to us.
                byte[] rest = raw.input().readAllBytes();
                if (rest.length != 5) {
                    throw new AssertionError("expected 5 bytes after closeWrite, got " + rest.length);
                }
            }
        });
    }

    @Test
    void upgradeThenRawBytesBothWaysAndOutputAfterHalfClose() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            // The 20.10 CLI sends an empty Host on hijacks; stdin may follow the head in the same write.
            c.send("POST /v1.41/containers/c1/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost:\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\nearly ");
            RawClient.Response head = c.readHead();
            assertEquals("HTTP/1.1 101 UPGRADED", head.statusLine());
            assertEquals("application/vnd.docker.raw-stream", head.header("content-type"));
            assertEquals("Upgrade", head.header("connection"));
            assertEquals("tcp", head.header("upgrade"));
            assertEquals(3, head.headers().size(), "exactly the three headers Docker writes: " + head.headers());

            assertEquals("early ", new String(c.readExactly(6), StandardCharsets.US_ASCII));
            c.send("hello");
            assertEquals("hello", new String(c.readExactly(5), StandardCharsets.US_ASCII));
            c.shutdownOutput();
            assertEquals("bye c1", new String(c.readToEnd(), StandardCharsets.US_ASCII), "output continues after half-close, then the server closes");
        }
    }

    @Test
    void jsonBodyIsConsumedBeforeTheRawStreamAndFramesAreMultiplexed() throws Exception {
        String body = "{\"Detach\":false,\"Cmd\":\"out\"}";
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /v1.44/exec/e1/start HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawClient.Response head = c.readHead();
            assertEquals(101, head.status());
            assertEquals("application/vnd.docker.multiplexed-stream", head.header("content-type"));
            byte[] frames = c.readToEnd(); // the server half-closed: EOF while our side is still open
            assertEquals("1:out|2:err|", demux(frames));
            c.send("stdin"); // and the server is still reading
        }
    }

    @Test
    void withoutUpgradeHeaderTheStreamStartsWith200() throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            c.send("POST /v1.40/containers/c2/attach HTTP/1.1\r\nHost: docker\r\n\r\nx");
            RawClient.Response head = c.readHead();
            assertEquals("HTTP/1.1 200 OK", head.statusLine());
            c.shutdownOutput();
            assertEquals("xbye c2", new String(c.readToEnd(), StandardCharsets.US_ASCII));
        }
    }

    static String demux(byte[] frames) {
        ByteBuffer b = ByteBuffer.wrap(frames);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (b.hasRemaining()) {
            int type = b.get();
            assertEquals(0, b.get() | b.get() | b.get(), "bytes 1-3 of a frame header are zero");
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            out.writeBytes((type + ":" + new String(payload, StandardCharsets.UTF_8) + "|").getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
