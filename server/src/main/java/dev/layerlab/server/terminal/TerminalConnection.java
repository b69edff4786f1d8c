package dev.layerlab.server.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.layerlab.runtime.io.Json;
import io.javalin.websocket.WsCloseStatus;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket attached to a {@link Terminal}. Output is sent asynchronously (Jetty queues frames
 * in order); a client that falls more than {@link #MAX_UNSENT_BYTES} behind is disconnected rather
 * than buffered without bound or allowed to slow the shell: it reconnects and gets the scrollback.
 */
final class TerminalConnection implements TerminalClient {
    static final long MAX_UNSENT_BYTES = 4L << 20;

    private final Session session;
    private final Terminal terminal;
    private final AtomicLong unsent = new AtomicLong();

    TerminalConnection(Session session, Terminal terminal) {
        this.session = session;
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public boolean output(byte[] data) {
        if (!session.isOpen()) {
            return false;
        }
        int n = data.length;
        if (unsent.addAndGet(n) > MAX_UNSENT_BYTES) {
            session.close(WsCloseStatus.TRY_AGAIN_LATER.getCode(),
                    "too far behind the terminal's output; reconnect to resume", Callback.NOOP);
            return false;
        }
        session.sendBinary(ByteBuffer.wrap(data), Callback.from(() -> unsent.addAndGet(-n), e -> unsent.addAndGet(-n)));
        return true;
    }

    @Override
    public void exited(int code) {
        sendJson(Map.of("type", "exit", "code", code));
        session.close(WsCloseStatus.NORMAL_CLOSURE.getCode(), "the shell exited", Callback.NOOP);
    }

    /** Tells the client a frame was refused; the connection and the terminal carry on. */
    void error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "error");
        m.put("message", message);
        sendJson(m);
    }

    /** Detaches from the terminal (which keeps running) and closes the socket with {@code reason} (at most 123 bytes). */
    void close(WsCloseStatus status, String reason) {
        terminal.detach(this);
        session.close(status.getCode(), reason, Callback.NOOP);
    }

    private void sendJson(Map<String, Object> message) {
        try {
            session.sendText(Json.MAPPER.writeValueAsString(message), Callback.NOOP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
