package dev.layerlab.server.cli;

import dev.layerlab.server.dockerapi.ApiLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sandbox cannot spend the server's file descriptors: its Docker API socket takes a bounded number
 * of connections (beyond it a 503 and the connection is closed), other sandboxes keep working, and its
 * processes have a lower open-files limit than the server.
 */
class SandboxConnectionLimitsTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void a_connection_flood_stops_at_the_cap_and_other_sandboxes_keep_working() throws Exception {
        int cap = ApiLimits.DEFAULTS.maxConnections();
        List<SocketChannel> flood = new ArrayList<>();
        try (SandboxFixture other = SandboxFixture.open()) {
            for (int i = 0; i < cap; i++) {
                flood.add(connect());
            }
            waitFor(() -> fx.service.api(fx.sandbox.id()).connectionCount() == cap, () -> "open: " + fx.service.api(fx.sandbox.id()).connectionCount());
            for (int i = 0; i < 20; i++) {
                try (SocketChannel c = connect()) {
                    c.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                    String answer = CompletableFuture.supplyAsync(() -> readToEnd(c)).get(5, TimeUnit.SECONDS);
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                    assertTrue(answer.contains("at most " + cap + " connections"), answer);
                }
            }
            assertEquals(cap, fx.service.api(fx.sandbox.id()).connectionCount(), "the flood holds no more than the cap");
            other.cli.run("ps").assertOk();
            CliResult own = fx.cli.run("ps");
            assertNotEquals(0, own.exitCode(), "the flooded sandbox's own CLI is refused while the flood lasts");
            assertTrue(own.stderr().contains("at most " + cap), own.stderr());
        } finally {
            for (SocketChannel c : flood) {
                c.close();
            }
        }
        waitFor(() -> fx.service.api(fx.sandbox.id()).connectionCount() == 0, () -> "open: " + fx.service.api(fx.sandbox.id()).connectionCount());
        fx.cli.run("ps").assertOk();
    }

    @Test
    void sandbox_processes_get_the_lower_open_files_limit() throws Exception {
        long limit = fx.service.sandboxes().settings().containerLimits().openFiles();
        assertTrue(limit > 0 && limit < 20_000, "limit " + limit);
        assertEquals(limit + "\n" + limit, fx.ok("ulimit -Sn; ulimit -Hn").stdout().strip(), "the sandbox shell");
        assertEquals(limit + " " + limit, fx.cli.run("run", "--rm", "busybox", "sh", "-c", "echo $(ulimit -Sn) $(ulimit -Hn)")
                .assertOk().out(), "a learner container");
        fx.cli.run("run", "-d", "--name", "nofile", "busybox", "sleep", "60").assertOk();
        assertEquals(String.valueOf(limit), fx.cli.run("exec", "nofile", "sh", "-c", "ulimit -n").assertOk().out(), "an exec");
        fx.cli.run("rm", "-f", "nofile").assertOk();
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(fx.sandbox.apiSocket()));
        return c;
    }

    private static String readToEnd(SocketChannel c) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (c.read(buf) >= 0 && buf.hasRemaining()) {
                continue;
            }
        } catch (IOException e) {
            // a reset after the answer is as good as the end
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), state);
    }
}
