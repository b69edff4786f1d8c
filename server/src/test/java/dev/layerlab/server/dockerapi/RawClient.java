package dev.layerlab.server.dockerapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A deliberately dumb HTTP client on the JDK's unix SocketChannel: tests write the exact bytes. */
final class RawClient implements AutoCloseable {
    record Response(int status, String statusLine, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        com.fasterxml.jackson.databind.JsonNode json() throws IOException {
            return ApiJson.MAPPER.readTree(body);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private final SocketChannel channel;
    private final HttpInput in;

    private RawClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new HttpInput(channel);
    }

    static RawClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawClient(ch);
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return this;
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; {@code headRequest} because a HEAD answer has headers but no body. */
    Response read(boolean headRequest) throws IOException {
        Response head = readHead();
        if (headRequest || head.status() == 204 || head.status() == 304 || head.status() < 200) {
            return head;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equals(head.header("transfer-encoding"))) {
            byte[] chunk;
            while ((chunk = readChunk()) != null) {
                body.writeBytes(chunk);
            }
        } else if (head.header("content-length") != null) {
            body.writeBytes(readExactly(Integer.parseInt(head.header("content-length"))));
        } else {
            body.writeBytes(in.readAllBytes());
        }
        return new Response(head.status(), head.statusLine(), head.headers(), body.toByteArray());
    }

    /** Status line and headers only (header names lower-cased); the body stays unread. */
    Response readHead() throws IOException {
        String status = in.readLine(64 * 1024);
        if (status == null) {
            throw new IOException("server closed the connection before answering");
        }
        Map<String, String> headers = new TreeMap<>();
        String line;
        while (!(line = in.readLine(64 * 1024)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(), line.substring(colon + 1).strip());
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), status, headers, new byte[0]);
    }

    /** The next chunk of a chunked body, or null after the terminating chunk. */
    byte[] readChunk() throws IOException {
        String sizeLine = in.readLine(100);
        if (sizeLine == null) {
            throw new java.io.EOFException("connection closed before the terminating chunk");
        }
        int size = Integer.parseInt(sizeLine, 16);
        if (size == 0) {
            in.readLine(100);
            return null;
        }
        byte[] data = readExactly(size);
        in.readLine(2);
        return data;
    }

    byte[] readExactly(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("connection closed after " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    /** Everything until the server closes its side. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
