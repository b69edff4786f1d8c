package dev.layerlab.server.terminal;

import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Frames that are not the protocol are refused with a reason; the server and the shell carry on. */
class TerminalBadInputTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    static TerminalTestServer server;

    @BeforeAll
    static void start() {
        server = new TerminalTestServer(fx);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void garbage_frames_get_an_error_each_and_the_connection_still_works() throws Exception {
        try (TerminalWs c = server.openHost()) {
            List<String> garbage = List.of("not json", "", "[1,2]", "42", "{\"type\":7}", "{\"data\":\"ls\\r\"}",
                    "{\"type\":\"dance\"}", "{\"type\":\"input\"}", "{\"type\":\"input\",\"data\":12}",
                    "{\"type\":\"resize\",\"cols\":0,\"rows\":24}", "{\"type\":\"resize\",\"cols\":80,\"rows\":100000}",
                    "{\"type\":\"resize\",\"cols\":-5,\"rows\":-5}", "{\"type\":\"resize\",\"cols\":1.5,\"rows\":24}",
                    "{\"type\":\"resize\",\"cols\":\"80\",\"rows\":24}", "{\"type\":\"resize\",\"cols\":9999999999,\"rows\":24}",
                    "[".repeat(5000));
            for (String frame : garbage) {
                c.send(frame);
                String message = c.awaitText("error").path("message").asText();
                assertFalse(message.isBlank(), frame);
            }
            c.sendBinary("ls\r".getBytes());
            assertTrue(c.awaitText("error").path("message").asText().contains("binary frames are not accepted"));
            c.send("{\"type\":\"resize\",\"cols\":80,\"rows\":100000}");
            assertTrue(c.awaitText("error").path("message").asText().contains("1 to 1000"));

            int mark = c.received();
            c.type("stty size; echo still-$((40+2))\r");
            c.awaitAfter(mark, "still-42");
            c.awaitAfter(mark, "24 80"); // the bad sizes changed nothing
            assertFalse(c.closed.isDone());
        }
    }

    @Test
    void an_oversized_frame_closes_that_connection_with_a_reason_and_the_shell_lives_on() throws Exception {
        String id;
        try (TerminalWs c = server.openHost()) {
            id = c.socketTerminalId();
            c.type("echo before-$((1+1))\r");
            c.await("before-2");
            c.type("x".repeat(TerminalSocket.MAX_MESSAGE_BYTES + 1));
            TerminalWs.Close close = c.awaitClose();
            assertEquals(1008, close.code(), close.toString());
            assertTrue(close.reason().contains("too large") && close.reason().contains("65536"), close.reason());
        }
        try (TerminalWs c = server.connect(id)) {
            // Korean takes three bytes a character: under the limit in characters, over it in bytes
            c.send("{\"type\":\"input\",\"data\":\"" + "가".repeat(TerminalSocket.MAX_MESSAGE_BYTES / 3 + 10) + "\"}");
            assertEquals(1008, c.awaitClose().code());
        }
        try (TerminalWs c = server.connect(id)) {
            try {
                c.sendBinary(new byte[2 << 20]); // above even Jetty's limit
            } catch (java.util.concurrent.ExecutionException e) {
                // the server may close the connection before the whole frame is sent: that is the refusal
            }
            TerminalWs.Close close = c.awaitClose();
            assertTrue(close.code() >= 1008 || close.code() == -1, close.toString()); // -1: closed mid-send
        }
        try (TerminalWs c = server.connect(id)) {
            c.await("before-2");
            int mark = c.received();
            c.type("\u0015echo after-$((2+2))\r"); // Ctrl-U first: nothing of the refused frames was typed anyway
            c.awaitAfter(mark, "after-4");
            assertTrue(server.terminals.get(id).running());
        }
    }

    @Test
    void an_unknown_terminal_id_is_closed_with_a_reason() throws Exception {
        for (String id : List.of("0123456789abcdef0123", "nope", "..%2F..%2Fetc", "x".repeat(300))) {
            try (TerminalWs c = server.connect(id)) {
                TerminalWs.Close close = c.awaitClose();
                assertEquals(1008, close.code(), id);
                assertEquals("no such terminal", close.reason());
            }
        }
        assertEquals(0, server.socket.connectionCount());
    }

    @Test
    void an_access_check_that_throws_looks_like_an_unknown_id() throws Exception {
        TerminalSocket strict = new TerminalSocket((ctx, id) -> {
            throw new SecurityException("not your sandbox");
        });
        var app = io.javalin.Javalin.create(config -> strict.register(config)).start(0);
        try (TerminalWs c = TerminalWs.connect(app.port(), server.terminals.open(Terminal.Kind.HOST, null))) {
            TerminalWs.Close close = c.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("no such terminal", close.reason());
        } finally {
            app.stop();
        }
    }
}
