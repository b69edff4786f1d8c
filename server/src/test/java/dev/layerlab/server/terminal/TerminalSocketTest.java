package dev.layerlab.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Terminals of a real sandbox through a real WebSocket: typing, scrollback, sharing, resize, UTF-8, exit. */
class TerminalSocketTest {
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
    void typed_commands_run_in_the_sandbox_shell() throws Exception {
        try (TerminalWs c = server.openHost()) {
            int mark = c.received();
            c.type("echo hello-$((6*7))\r");
            c.awaitAfter(mark, "hello-42");
            mark = c.received();
            c.type("echo \"$TERM $LANG $PWD $(id -un)\"; docker version --format 'api-{{.Server.APIVersion}}'\r");
            c.awaitAfter(mark, "xterm-256color C.UTF-8 /root root");
            c.awaitAfter(mark, "api-1.44");
        }
    }

    @Test
    void a_reconnecting_client_gets_the_scrollback_and_the_same_shell() throws Exception {
        String id;
        try (TerminalWs first = server.openHost()) {
            id = first.socketTerminalId();
            first.type("cd /tmp; echo mark-$((2+3))\r");
            first.await("mark-5");
        }
        Thread.sleep(200); // the shell runs on with nobody watching
        assertTrue(server.terminals.get(id).running());
        try (TerminalWs second = server.connect(id)) {
            second.await("mark-5"); // the scrollback, before anything is typed
            int mark = second.received();
            second.type("pwd\r");
            assertTrue(second.awaitAfter(mark, "/tmp").contains("/tmp"));
        }
    }

    @Test
    void two_clients_both_see_the_output_and_both_may_type() throws Exception {
        try (TerminalWs a = server.openHost(); TerminalWs b = server.connect(a.socketTerminalId())) {
            int markA = a.received();
            int markB = b.received();
            a.type("echo two-$((1+1))\r");
            a.awaitAfter(markA, "two-2");
            b.awaitAfter(markB, "two-2");
            b.type("echo three-$((1+2))\r");
            a.awaitAfter(markA, "three-3");
            b.awaitAfter(markB, "three-3");
            assertEquals(2, server.terminals.get(a.socketTerminalId()).clientCount());
        }
    }

    @Test
    void a_resize_reaches_the_pty() throws Exception {
        try (TerminalWs c = server.openHost()) {
            c.resize(123, 37);
            int mark = c.received();
            c.type("stty size\r");
            c.awaitAfter(mark, "37 123");
            c.resize(80, 24);
            mark = c.received();
            c.type("stty size\r");
            c.awaitAfter(mark, "24 80");
            Terminal t = server.terminals.get(c.socketTerminalId());
            assertEquals(80, t.cols());
            assertEquals(24, t.rows());
        }
    }

    @Test
    void korean_text_comes_back_intact_even_split_across_frames_and_cut_by_the_scrollback() throws Exception {
        String id;
        try (TerminalWs c = server.openHost()) {
            id = c.socketTerminalId();
            int mark = c.received();
            c.type("echo 안녕하세요\r");
            c.awaitAfter(mark, Pattern.compile("[\r\n]안녕하세요\r\n")); // the output, not the typed line
            // 300 KB of three-byte characters: read by the engine in 32 KiB pieces, so characters
            // straddle frames, and more than the scrollback keeps, so its start is cut too.
            mark = c.received();
            c.type("for i in $(seq 10000); do printf '가나다라마바사아자차'; done; echo; echo done-$((1+1))\r");
            String out = c.awaitAfter(mark, "done-2");
            assertFalse(out.contains("\uFFFD"), "a character was broken");
            assertTrue(out.contains("가나다라마바사아자차".repeat(10000) + "\r\n"), "the output is not all there");
        }
        try (TerminalWs again = server.connect(id)) {
            again.await("done-2");
            byte[] screen = again.bytes();
            assertTrue(screen.length <= Terminal.SCROLLBACK_BYTES, "scrollback of " + screen.length + " bytes");
            assertTrue(screen.length > Terminal.SCROLLBACK_BYTES - 4, "scrollback of " + screen.length + " bytes");
            assertFalse(new String(screen, StandardCharsets.UTF_8).contains("\uFFFD"), "the cut broke a character");
        }
    }

    @Test
    void exit_tells_the_clients_and_removes_the_terminal() throws Exception {
        try (TerminalWs c = server.openHost()) {
            String id = c.socketTerminalId();
            c.type("exit 3\r");
            JsonNode exit = c.awaitText("exit");
            assertEquals(3, exit.path("code").asInt(), exit.toString());
            assertEquals(1000, c.awaitClose().code());
            assertTrue(server.terminals.find(id).isEmpty());
            try (TerminalWs late = server.connect(id)) {
                assertEquals(1008, late.awaitClose().code());
            }
        }
    }

    @Test
    void a_container_terminal_is_a_shell_in_the_learners_container() throws Exception {
        String containerId = fx.cli.run("run", "-d", "--name", "box", "busybox", "sleep", "600").assertOk().out().trim();
        String id = server.terminals.open(Terminal.Kind.CONTAINER, "box");
        assertEquals(containerId, server.terminals.get(id).containerId());
        try (TerminalWs c = server.connect(id)) {
            int mark = c.received();
            c.type("hostname; echo $TERM\r");
            String out = c.awaitAfter(mark, containerId.substring(0, 12));
            c.awaitAfter(mark, "xterm-256color");
            assertFalse(out.contains(containerId.substring(0, 13)), out);
            fx.cli.run("rm", "-f", "box").assertOk(); // the container goes: so does its shell
            assertTrue(c.awaitText("exit").has("code"));
            assertTrue(server.terminals.find(id).isEmpty());
        }
    }
}
