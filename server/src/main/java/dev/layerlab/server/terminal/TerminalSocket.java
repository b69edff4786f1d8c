package dev.layerlab.server.terminal;

import dev.layerlab.runtime.error.EngineException;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket of a terminal: {@value #PATH}. Who may use which terminal is not decided here but
 * by the {@link TerminalAccess} given (the session layer); an unknown or foreign id looks the same.
 *
 * <h2>Protocol</h2>
 * <ul>
 * <li>client to server, text frames, JSON objects:
 *   <ul>
 *   <li>{@code {"type":"input","data":"ls\r"}}: keystrokes typed into the shell (Enter is {@code \r},
 *       Ctrl-C is the character U+0003); any Unicode, sent to the pty as UTF-8;</li>
 *   <li>{@code {"type":"resize","cols":120,"rows":30}}: the pty's size, each 1..1000; the last
 *       resize from any client wins.</li>
 *   </ul></li>
 * <li>server to client:
 *   <ul>
 *   <li>binary frames: raw terminal output bytes, unchanged (UTF-8 characters may be split across
 *       frames: decode as a stream). Right after connecting, the scrollback (the last 256 KiB) comes
 *       first, so a reload shows the same screen;</li>
 *   <li>text {@code {"type":"exit","code":0}} when the shell exits, then a normal close (1000);</li>
 *   <li>text {@code {"type":"error","message":"..."}} for a frame that was refused (not JSON, unknown
 *       type, missing fields, a size out of range, a binary frame, input the shell is not reading);
 *       the connection and the shell carry on.</li>
 *   </ul></li>
 * <li>closes: 1008 (policy violation) with reason "no such terminal" for an unknown or forbidden
 *     id, and for a frame over {@value #MAX_MESSAGE_BYTES} bytes (the reason says so); 1013 (try
 *     again later) for a client too slow to keep up with the output. The shell keeps running in
 *     every case but the exit: connect again to resume.</li>
 * </ul>
 */
public final class TerminalSocket {
    public static final String PATH = "/ws/terminals/{terminalId}";
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Jetty's own limit, above ours, so that we see oversized frames and can say why we refuse them. */
    private static final int JETTY_MESSAGE_LIMIT = 1 << 20;

    private final TerminalAccess access;
    private final Map<String, TerminalConnection> connections = new ConcurrentHashMap<>();

    public TerminalSocket(TerminalAccess access) {
        this.access = access;
    }

    public void register(JavalinConfig config) {
        config.routes.ws(PATH, ws -> {
            ws.onConnect(this::connect);
            ws.onMessage(this::message);
            ws.onBinaryMessage(this::binary);
            ws.onClose(this::forget);
            ws.onError(this::forget);
        });
    }

    /** How many sockets are attached now (all terminals). */
    public int connectionCount() {
        return connections.size();
    }

    private void connect(WsConnectContext ctx) {
        String id = ctx.pathParam("terminalId");
        Terminal terminal;
        try {
            terminal = access.find(ctx, id);
        } catch (RuntimeException e) {
            terminal = null;
        }
        if (terminal == null) {
            ctx.closeSession(WsCloseStatus.POLICY_VIOLATION, "no such terminal");
            return;
        }
        ctx.session.setMaxTextMessageSize(JETTY_MESSAGE_LIMIT);
        ctx.session.setMaxBinaryMessageSize(JETTY_MESSAGE_LIMIT);
        ctx.session.setMaxFrameSize(JETTY_MESSAGE_LIMIT);
        ctx.session.setIdleTimeout(Duration.ofMinutes(5));
        ctx.enableAutomaticPings(30, TimeUnit.SECONDS);
        TerminalConnection connection = new TerminalConnection(ctx.session, terminal);
        connections.put(ctx.sessionId(), connection);
        terminal.attach(connection);
    }

    private void message(WsMessageContext ctx) {
        TerminalConnection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        String text = ctx.message();
        if (text.length() > MAX_MESSAGE_BYTES || utf8Length(text) > MAX_MESSAGE_BYTES) {
            tooLarge(ctx, connection);
            return;
        }
        try {
            switch (ClientMessage.parse(text)) {
                case ClientMessage.Input in -> connection.terminal().input(in.data().getBytes(StandardCharsets.UTF_8));
                case ClientMessage.Resize r -> connection.terminal().resize(r.cols(), r.rows());
            }
        } catch (ClientMessage.BadMessage | EngineException e) {
            connection.error(e.getMessage());
        } catch (RuntimeException e) {
            connection.error("refused: " + e);
        }
    }

    private void binary(WsBinaryMessageContext ctx) {
        TerminalConnection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        if (ctx.data().remaining() > MAX_MESSAGE_BYTES) {
            tooLarge(ctx, connection);
            return;
        }
        connection.error("binary frames are not accepted: send JSON text frames such as {\"type\":\"input\",\"data\":\"ls\\r\"}");
    }

    private void tooLarge(WsContext ctx, TerminalConnection connection) {
        connections.remove(ctx.sessionId());
        connection.close(WsCloseStatus.POLICY_VIOLATION, "frame too large: the limit is " + MAX_MESSAGE_BYTES + " bytes");
    }

    private void forget(WsContext ctx) {
        TerminalConnection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            connection.terminal().detach(connection);
        }
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
