package dev.layerlab.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow HTTP clients: sockets to the server on loopback, each sending the start of a request line and
 * then nothing. They come from several loopback addresses ({@code 127.0.0.<first>} and up, {@code perAddress}
 * each), as clients of many machines would, so the server's per-address cap does not turn them away
 * and it has to hold every one of them.
 */
final class SlowClients implements AutoCloseable {
    private final List<SocketChannel> sockets = new ArrayList<>();
    private int refused;
    private int stalled;

    static SlowClients open(int port, int count, int perAddress, int first) throws IOException, InterruptedException {
        SlowClients c = new SlowClients();
        byte[] partial = "GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            if (i % 10 == 9) {
                Thread.sleep(10); // ~1,000 a second: Jetty's listen queue (50) absorbs its pauses
            }
            SocketChannel ch = SocketChannel.open();
            try {
                ch.bind(new InetSocketAddress("127.0.0." + (first + i / perAddress), 0));
                long t0 = System.nanoTime();
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                if (System.nanoTime() - t0 > 500_000_000L) {
                    c.stalled++; // the SYN was dropped (listen queue full) and sent again a second later
                }
                ch.write(ByteBuffer.wrap(partial));
                ch.configureBlocking(false);
                c.sockets.add(ch);
            } catch (IOException e) {
                ch.close();
                c.refused++;
            }
        }
        return c;
    }

    /** How many of the sockets the server still holds open (a closed one reads end-of-stream), by local address. */
    java.util.Map<String, Integer> stillOpen() {
        java.util.Map<String, Integer> open = new java.util.TreeMap<>();
        ByteBuffer buf = ByteBuffer.allocate(512);
        for (SocketChannel ch : sockets) {
            try {
                buf.clear();
                String from = ((InetSocketAddress) ch.getLocalAddress()).getAddress().getHostAddress();
                open.merge(from, ch.read(buf) == 0 ? 1 : 0, Integer::sum);
            } catch (IOException e) {
                // reset by the server: closed
            }
        }
        return open;
    }

    int connected() {
        return sockets.size();
    }

    int stalled() {
        return stalled;
    }

    int refused() {
        return refused;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel ch : sockets) {
            ch.close();
        }
        sockets.clear();
    }
}
