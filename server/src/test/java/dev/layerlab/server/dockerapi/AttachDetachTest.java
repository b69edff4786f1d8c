package dev.layerlab.server.dockerapi;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Attach as dockerd 20.10 does it: {@code logs} and {@code stream} of an attach, and detaching with the
 * detach keys (default Ctrl-P Ctrl-Q, {@code --detach-keys}, the API's {@code detachKeys}, an exec's
 * {@code DetachKeys}): the client goes, the container or exec keeps running.
 */
class AttachDetachTest {
    private static final String CTRL_P = "\u0010";
    private static final String CTRL_Q = "\u0011";
    private static final String CTRL_X = "\u0018";

    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static String hijackHead(String target) {
        return "POST " + target + " HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
    }

    /** Everything the server sends until it closes, or a failure if it is still open after {@code seconds}. */
    private static byte[] readToEndWithin(RawClient c, int seconds) throws Exception {
        CompletableFuture<byte[]> all = CompletableFuture.supplyAsync(() -> {
            try {
                return c.readToEnd();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return all.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            c.close();
            throw new AssertionError("the server kept the attach open for more than " + seconds + " s");
        }
    }

    static List<Path> clis() {
        return List.of(DockerCli.BINARY, DockerCli.NEWEST);
    }

    private static boolean running(String name) throws Exception {
        return fx.cli.run("inspect", "-f", "{{.State.Running}}", name).assertOk().out().equals("true");
    }

    @Test
    void attach_with_logs_and_without_stream_sends_the_logs_and_closes() throws Exception {
        fx.cli.run("run", "--name", "attach-logs", "busybox", "echo", "hello").assertOk();
        try (RawClient c = RawClient.connect(fx.sandbox.apiSocket())) {
            c.send(hijackHead("/v1.41/containers/attach-logs/attach?logs=1&stream=0&stdout=1&stderr=1"));
            assertEquals(101, c.readHead().status());
            byte[] body = readToEndWithin(c, 5);
            assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 6}, java.util.Arrays.copyOf(body, 8));
            assertEquals("hello\n", new String(body, 8, body.length - 8, StandardCharsets.UTF_8));
        }
        try (RawClient c = RawClient.connect(fx.sandbox.apiSocket())) {
            c.send(hijackHead("/v1.41/containers/attach-logs/attach?stream=0&stdout=1&stderr=1"));
            assertEquals(101, c.readHead().status());
            assertEquals(0, readToEndWithin(c, 5).length, "neither logs nor stream: nothing, at once");
        } finally {
            fx.cli.run("rm", "attach-logs").assertOk();
        }
    }

    @Test
    void start_attach_of_an_exited_container_still_streams_its_next_run() throws Exception {
        fx.cli.run("run", "--name", "attach-rerun", "busybox", "echo", "again").assertOk();
        try {
            assertEquals("again", fx.cli.run("start", "-a", "attach-rerun").assertOk().out());
        } finally {
            fx.cli.run("rm", "attach-rerun").assertOk();
        }
    }

    @ParameterizedTest
    @MethodSource("clis")
    void ctrl_p_ctrl_q_detaches_docker_attach_and_the_container_keeps_running(Path binary) throws Exception {
        DockerCli cli = fx.cli.using(binary);
        cli.run("run", "-dit", "--name", "detach-attach", "busybox", "sh").assertOk();
        try {
            CliResult r = cli.onTerminal(List.of(CTRL_P, CTRL_Q), Duration.ofMillis(1500), "attach", "detach-attach");
            assertTrue(r.out().contains("read escape sequence"), r.out());
            assertTrue(running("detach-attach"), "the container stopped");
            CliResult again = cli.onTerminal(List.of(CTRL_X), Duration.ofMillis(1500),
                    "attach", "--detach-keys=ctrl-x", "detach-attach");
            assertTrue(again.out().contains("read escape sequence"), again.out());
            assertTrue(running("detach-attach"), "the container stopped after --detach-keys");
        } finally {
            cli.run("rm", "-f", "detach-attach");
        }
    }

    @ParameterizedTest
    @MethodSource("clis")
    void ctrl_p_ctrl_q_detaches_docker_run_it_and_the_container_keeps_running(Path binary) throws Exception {
        DockerCli cli = fx.cli.using(binary);
        try {
            CliResult r = cli.onTerminal(List.of(CTRL_P, CTRL_Q), Duration.ofMillis(2000),
                    "run", "-it", "--name", "detach-run", "busybox", "sh");
            assertTrue(running("detach-run"), "the container stopped: " + r.out());
            assertEquals("still-here", cli.run("exec", "detach-run", "echo", "still-here").assertOk().out());
            CliResult custom = cli.onTerminal(List.of(CTRL_X), Duration.ofMillis(2000),
                    "run", "-it", "--detach-keys=ctrl-x", "--name", "detach-run-x", "busybox", "sh");
            assertTrue(running("detach-run-x"), "the container stopped: " + custom.out());
        } finally {
            cli.run("rm", "-f", "detach-run", "detach-run-x");
        }
    }

    /** What docker-py's detach tests do: a raw socket, keys one at a time. */
    private static void assertApiDetach(String query, String... keys) throws Exception {
        try (RawClient c = RawClient.connect(fx.sandbox.apiSocket())) {
            c.send(hijackHead("/v1.41/containers/detach-api/attach?stream=1&stdin=1&stdout=1&stderr=1" + query));
            assertEquals(101, c.readHead().status());
            for (String key : keys) {
                c.send(key);
                Thread.sleep(300);
            }
            readToEndWithin(c, 5);
        }
        assertTrue(running("detach-api"), "the container stopped");
    }

    @Test
    void the_api_detaches_on_the_default_keys_and_on_detachKeys() throws Exception {
        fx.cli.run("run", "-dit", "--name", "detach-api", "busybox", "cat").assertOk();
        try {
            assertApiDetach("", CTRL_P, CTRL_Q);
            assertApiDetach("&detachKeys=ctrl-x", CTRL_X);
            assertApiDetach("&detachKeys=a,b", "a", "b");
            try (RawClient c = RawClient.connect(fx.sandbox.apiSocket())) {
                c.send(hijackHead("/v1.41/containers/detach-api/attach?stream=1&stdin=1&detachKeys=ctrl-P"));
                RawClient.Response r = c.read();
                assertEquals(400, r.status());
                assertEquals("Invalid detach keys (ctrl-P) provided", r.json().path("message").asText());
            }
        } finally {
            fx.cli.run("rm", "-f", "detach-api");
        }
    }

    @Test
    void an_exec_detaches_on_its_DetachKeys_and_goes_on_running() throws Exception {
        fx.cli.run("run", "-d", "--name", "detach-exec", "busybox", "sleep", "300").assertOk();
        try (RawClient c = RawClient.connect(fx.sandbox.apiSocket())) {
            String create = "{\"AttachStdin\":true,\"AttachStdout\":true,\"Tty\":true,\"DetachKeys\":\"ctrl-x\",\"Cmd\":[\"cat\"]}";
            c.send("POST /v1.41/containers/detach-exec/exec HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + create.length() + "\r\n\r\n" + create);
            String id = c.read().json().path("Id").asText();
            String start = "{\"Detach\":false,\"Tty\":true}";
            try (RawClient s = RawClient.connect(fx.sandbox.apiSocket())) {
                s.send("POST /v1.41/exec/" + id + "/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + start.length() + "\r\n\r\n" + start);
                assertEquals(101, s.readHead().status());
                s.send(CTRL_X);
                String said = new String(readToEndWithin(s, 5), StandardCharsets.UTF_8);
                assertEquals("exec attach failed: error on attach stdin: read escape sequence\r\n", said);
            }
            c.send("GET /v1.41/exec/" + id + "/json HTTP/1.1\r\nHost: docker\r\n\r\n");
            assertTrue(c.read().json().path("Running").asBoolean(), "the exec stopped");
        } finally {
            fx.cli.run("rm", "-f", "detach-exec");
        }
    }
}
