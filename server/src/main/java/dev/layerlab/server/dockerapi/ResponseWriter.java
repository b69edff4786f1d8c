package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the one response to one request: a whole body with a length, a chunked stream, or the raw
 * head of a hijack. It remembers whether the head is out (after that no error status can be sent)
 * and whether the connection may carry another request.
 */
final class ResponseWriter {
    private final OutputStream out;
    private final boolean headRequest;
    private final boolean http10;
    private final List<String> headers = new ArrayList<>();
    private boolean keepAlive;
    private boolean committed;
    private boolean hijacked;
    private ChunkedOutputStream stream;

    ResponseWriter(OutputStream out, RequestHead request) {
        this.out = out;
        this.headRequest = request.method().equals("HEAD");
        this.http10 = request.isHttp10();
        this.keepAlive = !http10 && !request.headers().hasToken("Connection", "close");
    }

    void header(String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line break in response header " + name);
        }
        headers.add(name + ": " + value);
    }

    /** The connection ends after this response (a protocol error, an unread body too large to skip). */
    void closeAfterResponse() {
        keepAlive = false;
    }

    boolean committed() {
        return committed;
    }

    boolean hijacked() {
        return hijacked;
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        boolean bodyAllowed = status >= 200 && status != 204 && status != 304;
        if (bodyAllowed) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            header("Content-Length", Integer.toString(body.length));
        }
        byte[] head = head(status);
        boolean writeBody = bodyAllowed && !headRequest && body.length > 0;
        // One write for head and body: a small JSON answer leaves in a single syscall.
        byte[] all = new byte[head.length + (writeBody ? body.length : 0)];
        System.arraycopy(head, 0, all, 0, head.length);
        if (writeBody) {
            System.arraycopy(body, 0, all, head.length, body.length);
        }
        out.write(all);
    }

    OutputStream stream(int status, String contentType) throws IOException {
        header("Content-Type", contentType);
        if (http10) {
            keepAlive = false;
        } else {
            header("Transfer-Encoding", "chunked");
        }
        out.write(head(status));
        stream = new ChunkedOutputStream(headRequest ? OutputStream.nullOutputStream() : out, !http10 && !headRequest);
        return stream;
    }

    /**
     * The hijack head, exactly as Docker writes it by hand: without {@code Upgrade} in the request it
     * answers 200 and still switches to raw bytes.
     */
    void hijack(String contentType, boolean upgrade) throws IOException {
        ensureNotCommitted();
        committed = true;
        hijacked = true;
        keepAlive = false;
        String head = upgrade
                ? "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Ends a streamed body the handler left open. Returns whether the connection can take another
     * request: false after a hijack, an HTTP/1.0 exchange or {@code Connection: close}.
     */
    boolean finish() throws IOException {
        if (stream != null) {
            stream.close();
        }
        return keepAlive && !hijacked;
    }

    private byte[] head(int status) {
        ensureNotCommitted();
        committed = true;
        StringBuilder sb = new StringBuilder(256);
        sb.append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        if (!keepAlive) {
            sb.append("Connection: close\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void ensureNotCommitted() {
        if (committed) {
            throw new IllegalStateException("the response was already sent");
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
