package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/** {@code docker exec} with and without a terminal, its exit codes, and stdin. */
class ContainerExecCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @BeforeAll
    static void setUp() throws Exception {
        fx.cli.run("run", "-d", "--name", "web", "busybox", "sleep", "600").assertOk();
    }

    @Test
    void exec_lists_the_root() throws Exception {
        CliResult r = fx.cli.run("exec", "web", "ls", "/");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().lines().toList().containsAll(java.util.List.of("bin", "etc", "proc")), r.stdout());
    }

    @Test
    void exec_returns_the_exit_code_of_the_command() throws Exception {
        assertEquals(7, fx.cli.run("exec", "web", "sh", "-c", "exit 7").exitCode());
    }

    @Test
    void exec_with_stdin_and_env() throws Exception {
        CliResult r = fx.cli.runWithInput("typed\n", "exec", "-i", "-e", "X=42", "web", "sh", "-c", "read a; echo $a $X");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("typed 42\n", r.stdout());
    }

    @Test
    void exec_on_a_terminal() throws Exception {
        CliResult r = fx.cli.onTerminal("echo hi-from-$((6*7))\nexit\n", "exec", "-it", "web", "sh");
        assertEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stdout().contains("hi-from-42"), r.stdout());
    }

    @Test
    void exec_in_a_stopped_container_is_refused() throws Exception {
        fx.cli.run("create", "--name", "idle", "busybox", "true").assertOk();
        CliResult r = fx.cli.run("exec", "idle", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("is not running"), r.stderr());
    }

    @Test
    void exec_privileged_is_refused() throws Exception {
        CliResult r = fx.cli.run("exec", "--privileged", "web", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("--privileged is not available in this playground"), r.stderr());
    }
}
