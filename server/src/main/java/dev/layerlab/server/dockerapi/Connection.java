package dev.layerlab.server.dockerapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One client connection on its own virtual thread: requests are read and answered one after the
 * other (keep-alive) until the client closes, a response cannot end cleanly, or a handler hijacks.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SocketChannel channel;
    private final ApiRouter router;
    private final Consumer<Connection> onClosed;
    private volatile Thread thread;
    /** System.nanoTime() since which this connection waits for a request head, or 0 while it serves one. */
    private volatile long waitingSince = System.nanoTime();

    Connection(SocketChannel channel, ApiRouter router, Consumer<Connection> onClosed) {
        this.channel = channel;
        this.router = router;
        this.onClosed = onClosed;
    }

    void start(Thread.Builder builder) {
        thread = builder.start(this);
    }

    @Override
    public void run() {
        try (channel) {
            HttpInput in = new HttpInput(channel);
            SocketOutput out = new SocketOutput(channel);
            while (serve(in, out)) {
                continue;
            }
        } catch (IOException e) {
            LOG.debug("docker API connection ended: {}", e.toString());
        } finally {
            onClosed.accept(this);
        }
    }

    /** Serves one request; false when the connection must not carry another one. */
    private boolean serve(HttpInput in, SocketOutput out) throws IOException {
        RequestHead head;
        waitingSince = System.nanoTime();
        try {
            head = RequestHead.read(in, RequestHead.DEFAULT_MAX_HEAD_BYTES);
            waitingSince = 0;
        } catch (HttpProtocolException e) {
            RequestHead unknown = new RequestHead("GET", "/", "HTTP/1.1", new Headers());
            ApiErrors.respond(new ResponseWriter(out, unknown), "request head", e);
            return false;
        }
        if (head == null) {
            return false;
        }
        ResponseWriter writer = new ResponseWriter(out, head);
        InputStream body;
        try {
            body = RequestBody.open(head, in);
        } catch (HttpProtocolException e) {
            ApiErrors.respond(writer, head.method() + " " + head.target(), e);
            return false;
        }
        if (head.headers().hasToken("Expect", "100-continue") && !head.isHttp10() && hasBody(head)) {
            out.write(CONTINUE);
        }
        ApiExchange exchange = new ApiExchange(head, body, in, out, channel, writer);
        if (!router.dispatch(exchange) || writer.hijacked()) {
            return false;
        }
        // The next request starts where this body ends: skip what the handler left unread.
        return writer.finish() && RequestBody.drain(body);
    }

    private static boolean hasBody(RequestHead head) {
        Headers h = head.headers();
        return h.contains("Transfer-Encoding") || (h.contains("Content-Length") && !"0".equals(h.first("Content-Length")));
    }

    /**
     * Whether the connection has waited for (the whole of) its next request head for longer than
     * {@code nanos}; a connection inside a request, a hijacked or a streaming one never is.
     */
    boolean waitingLongerThan(long nanos, long now) {
        long since = waitingSince;
        return since != 0 && now - since > nanos;
    }

    /** Closes the socket and interrupts a handler blocked in the engine (a /wait, a log follower). */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing docker API connection: {}", e.toString());
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
