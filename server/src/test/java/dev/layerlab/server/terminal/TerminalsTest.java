package dev.layerlab.server.terminal;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A sandbox's set of terminals, without WebSockets: ids, the limit, closing, errors. */
class TerminalsTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    /** An in-process client: the output as text, and the exit. */
    static final class Recorder implements TerminalClient {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        @Override
        public synchronized boolean output(byte[] data) {
            out.writeBytes(data);
            return true;
        }

        @Override
        public void exited(int code) {
            exit.complete(code);
        }

        synchronized String text() {
            return out.toString(StandardCharsets.UTF_8);
        }

        void await(String needle) throws InterruptedException {
            for (int i = 0; i < 150 && !text().contains(needle); i++) {
                Thread.sleep(100);
            }
            assertTrue(text().contains(needle), "no " + needle + " in:\n" + text());
        }
    }

    @Test
    void at_most_the_limit_of_terminals_with_unguessable_ids() throws Exception {
        Terminals terminals = new Terminals(fx.service.sandboxes(), fx.sandbox);
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < Terminals.MAX_TERMINALS; i++) {
                ids.add(terminals.open(Terminal.Kind.HOST, null));
            }
            assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{20}")), ids.toString());
            assertEquals(Terminals.MAX_TERMINALS, ids.stream().distinct().count());
            assertEquals(Terminals.MAX_TERMINALS, terminals.list().size());
            ConflictException e = assertThrows(ConflictException.class, () -> terminals.open(Terminal.Kind.HOST, null));
            assertTrue(e.getMessage().contains("too many terminals") && e.getMessage().contains("8"), e.getMessage());

            terminals.close(ids.get(0)); // a slot frees up
            assertTrue(terminals.find(ids.get(0)).isEmpty());
            assertThrows(NotFoundException.class, () -> terminals.get(ids.get(0)));
            terminals.open(Terminal.Kind.HOST, null);
        } finally {
            terminals.closeAll();
        }
    }

    @Test
    void closing_hangs_up_the_shell_and_tells_its_clients() throws Exception {
        Terminals terminals = new Terminals(fx.service.sandboxes(), fx.sandbox);
        Terminal t = terminals.get(terminals.open(Terminal.Kind.HOST, null));
        Recorder r = new Recorder();
        t.attach(r);
        t.input("trap '' HUP; echo trapped-$((3*3))\r".getBytes()); // ignores the hang-up: SIGKILL follows
        r.await("trapped-9");
        terminals.close(t.id());
        assertEquals(137, r.exit.get(10, TimeUnit.SECONDS));
        assertFalse(t.running());
        assertThrows(ConflictException.class, () -> t.input("ls\r".getBytes()));
        Recorder late = new Recorder(); // attaching after the exit: the scrollback, then the exit
        t.attach(late);
        assertTrue(late.text().contains("trapped-9"));
        assertEquals(137, late.exit.getNow(null));

        String other = terminals.open(Terminal.Kind.HOST, null);
        Recorder r2 = new Recorder();
        terminals.get(other).attach(r2);
        terminals.closeAll();
        assertEquals(129, r2.exit.get(10, TimeUnit.SECONDS)); // SIGHUP
        assertTrue(terminals.list().isEmpty());
        assertThrows(ConflictException.class, () -> terminals.open(Terminal.Kind.HOST, null));
    }

    @Test
    void a_container_terminal_needs_a_running_container_of_the_learner() throws Exception {
        Terminals terminals = new Terminals(fx.service.sandboxes(), fx.sandbox);
        try {
            assertThrows(InvalidArgumentException.class, () -> terminals.open(Terminal.Kind.CONTAINER, " "));
            assertThrows(NotFoundException.class, () -> terminals.open(Terminal.Kind.CONTAINER, "nosuch"));
            // the sandbox's own shell container is not one of the learner's
            assertThrows(NotFoundException.class, () -> terminals.open(Terminal.Kind.CONTAINER, fx.sandbox.hostContainerId()));
            fx.cli.run("create", "--name", "idle", "busybox", "sleep", "600").assertOk();
            ConflictException e = assertThrows(ConflictException.class, () -> terminals.open(Terminal.Kind.CONTAINER, "idle"));
            assertTrue(e.getMessage().contains("not running"), e.getMessage());
            assertTrue(terminals.list().isEmpty());

            fx.cli.run("start", "idle").assertOk();
            Terminal t = terminals.get(terminals.open(Terminal.Kind.CONTAINER, "idle"));
            Recorder r = new Recorder();
            t.attach(r);
            t.input("echo in-box-$((5*5)) $0\r".getBytes());
            r.await("in-box-25 sh"); // busybox has no bash: sh
            assertThrows(InvalidArgumentException.class, () -> t.resize(0, 10));
            assertThrows(InvalidArgumentException.class, () -> t.resize(80, 1001));
        } finally {
            terminals.closeAll();
            fx.cli.run("rm", "-f", "idle");
        }
    }
}
