package dev.layerlab.runtime.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Little TCP servers run inside a test namespace, standing in for a container's program. */
final class TestServers {
    interface Handler {
        void handle(Socket s) throws IOException;
    }

    private TestServers() {
    }

    /** Listens on 127.0.0.1 inside {@code ns}; returns the port. The listener is added to {@code toClose}. */
    static int start(NetnsSockets ns, List<AutoCloseable> toClose, Handler handler) throws IOException {
        ServerSocketChannel server = ns.openServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        toClose.add(server);
        Thread.ofVirtual().start(() -> {
            while (true) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (Socket s = c.socket()) {
                        handler.handle(s);
                    } catch (IOException ignored) {
                        // the client went away
                    }
                });
            }
        });
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Reads the whole request (to end of stream), answers it in upper case. */
    static void uppercaseAfterEof(Socket s) throws IOException {
        String request = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        s.getOutputStream().write(request.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends back whatever arrives, as it arrives; half-closes at end of stream. */
    static void echo(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.getInputStream().transferTo(s.getOutputStream());
        s.shutdownOutput();
    }

    static double medianRoundTripMicros(Socket s, int rounds) throws IOException {
        s.setTcpNoDelay(true);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] msg = new byte[64];
        long[] micros = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            out.write(msg);
            int got = 0;
            while (got < msg.length) {
                int n = in.read(msg, got, msg.length - got);
                if (n < 0) {
                    throw new IOException("closed after " + got + " bytes");
                }
                got += n;
            }
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        Arrays.sort(micros);
        return micros[rounds / 2];
    }
}
