package dev.layerlab.server.web;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code /ports/} exchange over a socket already connected inside the sandbox: the request goes out
 * as HTTP/1.0 (one request per connection, the body ends at Content-Length or at close), and both
 * bodies are copied as they come through one {@value #BUFFER}-byte buffer, never held whole.
 *
 * <p>Why not Jetty's proxy (jetty-proxy): it forwards through Jetty's HttpClient, whose connections are
 * opened by its own selector in the server's network namespace; ours must be made by the sandbox's
 * {@code NetnsSockets} thread, the only thread inside that namespace. That could be bent into a
 * per-sandbox {@code ClientConnector}, but the blocking relay below, bounded by {@link PortLinkPermits}
 * and timeouts, is less code than that adapter.
 */
final class PortRelay {
    static final int BUFFER = 16 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "proxy-connection", "host", "cookie",
            "content-length");

    private PortRelay() {
    }

    /**
     * Sends the request to {@code target} on {@code socket} and relays the answer. An app that sends no
     * first byte within {@code firstByte} gets the browser a 504; after that, {@code idle} without a byte
     * ends the response where it is.
     */
    static void exchange(Context ctx, int port, String target, Socket socket, Duration firstByte, Duration idle)
            throws IOException {
        OutputStream up = socket.getOutputStream();
        long length = ctx.req().getContentLengthLong();
        up.write(requestHead(ctx, port, target, length).getBytes(StandardCharsets.ISO_8859_1));
        if (length > 0) {
            copy(ctx.req().getInputStream(), up, length, false);
        }
        up.flush();
        socket.setSoTimeout((int) firstByte.toMillis());
        InputStream in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        String head;
        try {
            head = readHead(in);
        } catch (SocketTimeoutException e) {
            ctx.status(504).result("port " + port + " did not answer within " + firstByte.toSeconds() + " s");
            return;
        }
        socket.setSoTimeout((int) idle.toMillis());
        HttpServletResponse res = ctx.res();
        long declared = responseHead(ctx, res, port, head);
        if (declared == -2) {
            return;
        }
        try {
            copy(in, res.getOutputStream(), declared, true);
        } catch (IOException e) {
            // The app stopped sending or the browser left mid-body: the response ends where it is.
            // Jetty cuts a connection whose body fell short of its Content-Length.
        }
    }

    private static String requestHead(Context ctx, int port, String target, long length) {
        StringBuilder head = new StringBuilder(ctx.method().name()).append(' ').append(target).append(" HTTP/1.0\r\n")
                .append("Host: localhost:").append(port).append("\r\n");
        ctx.headerMap().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !value.contains("\r") && !value.contains("\n")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        if (length > 0) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Sets status and headers from the app's head; returns its Content-Length, -1 if none, -2 if not HTTP. */
    private static long responseHead(Context ctx, HttpServletResponse res, int port, String head) {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        int code = status.length >= 2 && status[0].startsWith("HTTP/") ? parseStatus(status[1]) : -1;
        if (code < 0) {
            ctx.status(502).result("port " + port + " did not answer with HTTP");
            return -2;
        }
        res.setStatus(code);
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = parseLength(value);
                continue;
            }
            if (HOP_BY_HOP.contains(lower) || lower.equals("set-cookie")) {
                continue;
            }
            if (lower.equals("location") && value.startsWith("/")) {
                value = "/ports/" + port + value;
            }
            try {
                res.addHeader(name, value);
            } catch (IllegalArgumentException e) {
                // a header Jetty will not send: dropped
            }
        }
        if (length >= 0) {
            res.setContentLengthLong(length);
        }
        return length;
    }

    /** Copies {@code limit} bytes (all, if negative); with {@code flush}, each time the source has no more ready. */
    private static void copy(InputStream in, OutputStream out, long limit, boolean flush) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = limit < 0 ? Long.MAX_VALUE : limit;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            left -= n;
            if (flush && in.available() == 0) {
                out.flush();
            }
        }
        out.flush();
    }

    /** The status line and headers, up to the blank line (at most 64 KiB). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private static int parseStatus(String text) {
        try {
            int code = Integer.parseInt(text);
            return code >= 100 && code <= 999 ? code : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLength(String text) {
        try {
            return Math.max(-1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
