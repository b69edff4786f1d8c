package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/** {@code docker run} in its forms, from outside the sandbox, as the learner sees them. */
class ContainerRunCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void run_prints_the_output_and_exits_zero() throws Exception {
        CliResult r = fx.cli.run("run", "--rm", "busybox", "echo", "hi");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("hi\n", r.stdout());
    }

    @Test
    void run_returns_the_containers_exit_code() throws Exception {
        CliResult r = fx.cli.run("run", "--name", "three", "busybox", "sh", "-c", "echo oops >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("oops\n", r.stderr());
        assertEquals("3", fx.cli.run("inspect", "--format", "{{.State.ExitCode}}", "three").assertOk().out());
        fx.cli.run("rm", "three").assertOk();
    }

    @Test
    void run_with_piped_stdin_feeds_the_process() throws Exception {
        CliResult r = fx.cli.runWithInput("line one\nline two\n", "run", "--rm", "-i", "busybox", "cat");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("line one\nline two\n", r.stdout());
    }

    @Test
    void run_on_a_terminal_echoes_through_the_pty() throws Exception {
        CliResult r = fx.cli.onTerminal("echo tty-$((40+2))\nexit 5\n", "run", "--rm", "-it", "busybox", "sh");
        assertTrue(r.stdout().contains("tty-42"), r.stdout());
        assertEquals(5, r.exitCode(), r.stdout());
    }

    @Test
    void rm_auto_removes_the_container() throws Exception {
        fx.cli.run("run", "--rm", "--name", "gone", "busybox", "true").assertOk();
        CliResult r = fx.cli.run("inspect", "gone");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("No such object: gone"), r.stderr());
    }

    @Test
    void unknown_image_fails_with_a_clear_error() throws Exception {
        CliResult r = fx.cli.run("run", "--rm", "nosuchimage-xyz", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("Unable to find image 'nosuchimage-xyz:latest' locally"), r.stderr());
    }

    @Test
    void a_taken_name_is_a_conflict() throws Exception {
        fx.cli.run("create", "--name", "twin", "busybox", "true").assertOk();
        CliResult r = fx.cli.run("create", "--name", "twin", "busybox", "true");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("Conflict. The container name \"/twin\" is already in use"), r.stderr());
        fx.cli.run("rm", "twin").assertOk();
    }

    @Test
    void missing_command_exits_127() throws Exception {
        CliResult r = fx.cli.run("run", "--rm", "busybox", "no-such-command");
        assertEquals(127, r.exitCode(), r.stderr());
    }
}
