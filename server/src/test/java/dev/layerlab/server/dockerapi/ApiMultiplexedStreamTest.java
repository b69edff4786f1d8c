package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiMultiplexedStreamTest {
    @Test
    void framesHaveTheEightByteHeader() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultiplexedStream mux = new MultiplexedStream(out);
        mux.stdout().write("hi".getBytes(StandardCharsets.US_ASCII));
        mux.stderr().write(new byte[0]); // nothing: an empty frame would look like a closed stream to some readers
        mux.systemError("boom");
        byte[] big = new byte[70_000];
        mux.stderr().write(big);
        byte[] b = out.toByteArray();
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'}, Arrays.copyOfRange(b, 0, 10));
        assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 4, 'b', 'o', 'o', 'm'}, Arrays.copyOfRange(b, 10, 22));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 1, 0x11, 0x70}, Arrays.copyOfRange(b, 22, 30), "70000 big-endian");
        assertEquals(30 + 70_000, b.length);
    }

    @Test
    void concurrentWritersNeverInterleaveFrames() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // One byte at a time downstream: interleaving would show if header and payload were two writes.
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
                Thread.yield();
            }
        };
        MultiplexedStream mux = new MultiplexedStream(slow);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            pool.submit(() -> write(mux.stdout(), 'o'));
            pool.submit(() -> write(mux.stderr(), 'e'));
        }
        String frames = ApiHijackTest.demux(out.toByteArray());
        assertEquals(400, frames.split("\\|").length);
        for (String f : frames.split("\\|")) {
            assertEquals(true, f.equals("1:" + "o".repeat(50)) || f.equals("2:" + "e".repeat(50)), f);
        }
    }

    private static Void write(OutputStream s, char c) throws Exception {
        byte[] payload = String.valueOf(c).repeat(50).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 200; i++) {
            s.write(payload);
        }
        return null;
    }

    @Test
    void contentTypeDependsOnVersionAndTty() {
        assertEquals(ContentTypes.RAW_STREAM, ContentTypes.forStream(new ApiVersion(1, 41), false));
        assertEquals(ContentTypes.MULTIPLEXED_STREAM, ContentTypes.forStream(new ApiVersion(1, 42), false));
        assertEquals(ContentTypes.RAW_STREAM, ContentTypes.forStream(new ApiVersion(1, 44), true));
        assertEquals(ContentTypes.RAW_STREAM, ContentTypes.forStream(new ApiVersion(1, 24), true));
    }

    @Test
    void versionsCompareNumerically() {
        assertEquals(true, ApiVersion.parse("1.9").isBefore(ApiVersion.parse("1.41")));
        assertEquals(true, ApiVersion.parse("1.100").isAtLeast(ApiVersion.V1_44));
        assertEquals("1.41", ApiVersion.parse("1.41").toString());
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> ApiVersion.parse("1..2"));
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> ApiVersion.parse("1"));
    }
}
