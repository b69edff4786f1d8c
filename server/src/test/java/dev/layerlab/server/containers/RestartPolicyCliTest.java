package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --restart}: kept in HostConfig, carried out by the engine with Docker's back-off, and refused with --rm. */
class RestartPolicyCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static final String STATE = "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}";

    private static String inspect(String format, String name) throws Exception {
        return fx.cli.run("inspect", "-f", format, name).assertOk().out();
    }

    /** Polls {@code name}'s {@link #STATE} until it is {@code expected}, for at most {@code seconds}. */
    private static String awaitState(String name, String expected, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String now = inspect(STATE, name);
        while (!now.equals(expected) && System.nanoTime() < end) {
            Thread.sleep(100);
            now = inspect(STATE, name);
        }
        return now;
    }

    @Test
    void on_failure_restarts_n_times_then_stays_exited() throws Exception {
        fx.cli.run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo try; exit 3")
                .assertOk();
        assertEquals("on-failure 2", inspect("{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "flaky"));
        assertEquals("2 exited 3", awaitState("flaky", "2 exited 3", 15));
        Thread.sleep(1000);
        assertEquals("2 exited 3", inspect(STATE, "flaky"), "no restart beyond on-failure's count");
        assertEquals("try\ntry\ntry", fx.cli.run("logs", "flaky").assertOk().out(), "three runs, one log");
        fx.cli.run("rm", "flaky").assertOk();
    }

    @Test
    void on_failure_does_not_restart_a_clean_exit() throws Exception {
        fx.cli.run("run", "--name", "clean", "--restart", "on-failure", "busybox", "true").assertOk();
        Thread.sleep(500);
        assertEquals("0 exited 0", inspect(STATE, "clean"));
        fx.cli.run("rm", "clean").assertOk();
    }

    @Test
    void always_restarts_with_docker_back_off_shows_restarting_and_stops_on_docker_stop() throws Exception {
        fx.cli.run("run", "-d", "--name", "looper", "--restart", "always", "busybox", "sh", "-c", "exit 1").assertOk();
        assertEquals("always 0", inspect("{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "looper"));
        long start = System.nanoTime();
        List<String> statuses = new ArrayList<>();
        while (System.nanoTime() - start < 3_000_000_000L) {
            statuses.add(fx.cli.run("ps", "--filter", "name=looper", "--format", "{{.Status}}").assertOk().out());
            Thread.sleep(50);
        }
        int count = Integer.parseInt(inspect("{{.RestartCount}}", "looper"));
        // Back-off 100, 200, 400, 800, 1600 ms: five restarts take 3.1 s; without it there would be dozens.
        assertTrue(count >= 3 && count <= 5, "restarts in 3 s: " + count);
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("Restarting (1) ")), statuses.toString());
        assertEquals("restarting true true", inspect("{{.State.Status}} {{.State.Running}} {{.State.Restarting}}", "looper"));
        CliResult rm = fx.cli.run("rm", "looper");
        assertTrue(rm.stderr().contains("You cannot remove a restarting container"), rm.stderr());
        fx.cli.run("stop", "looper").assertOk();
        String stopped = inspect(STATE, "looper");
        assertTrue(stopped.endsWith(" exited 1"), stopped);
        Thread.sleep(2000);
        assertEquals(stopped, inspect(STATE, "looper"), "docker stop ends the restarts");
        fx.cli.run("rm", "looper").assertOk();
    }

    @Test
    void kill_and_stop_are_not_followed_by_a_restart() throws Exception {
        for (String policy : List.of("always", "unless-stopped")) {
            fx.cli.run("run", "-d", "--name", "keeper", "--restart", policy, "busybox", "sleep", "300").assertOk();
            fx.cli.run("kill", "keeper").assertOk();
            Thread.sleep(500);
            assertEquals("0 exited 137", inspect(STATE, "keeper"), policy);
            fx.cli.run("start", "keeper").assertOk();
            fx.cli.run("stop", "-t", "0", "keeper").assertOk();
            Thread.sleep(500);
            assertEquals("0 exited 137", inspect(STATE, "keeper"), policy);
            fx.cli.run("rm", "keeper").assertOk();
        }
    }

    @Test
    void a_restarted_container_runs_again_and_rm_force_ends_it() throws Exception {
        fx.cli.run("run", "-d", "--name", "phoenix", "--restart", "always", "busybox", "sh", "-c",
                "echo run; sleep 0.3; exit 2").assertOk();
        assertEquals("1 running 0", awaitState("phoenix", "1 running 0", 10));
        fx.cli.run("rm", "-f", "phoenix").assertOk();
        assertFalse(fx.cli.run("ps", "-a", "--format", "{{.Names}}").out().contains("phoenix"));
    }

    @Test
    void restart_policy_conflicts_and_bad_names_are_refused() throws Exception {
        CliResult cli = fx.cli.run("run", "--rm", "--restart", "always", "busybox", "true");
        assertNotEquals(0, cli.exitCode());
        assertTrue(cli.stderr().contains("Conflicting options: --restart and --rm"), cli.stderr());
        String curl = "curl -s -w ' %{http_code}' --unix-socket /var/run/docker.sock -H 'Content-Type: application/json'"
                + " http://d/v1.41/containers/create -d ";
        assertEquals("{\"message\":\"can't create 'AutoRemove' container with restart policy\"} 400",
                fx.ok(curl + "'{\"Image\":\"busybox\",\"HostConfig\":{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}'").out());
        assertEquals("{\"message\":\"invalid restart policy 'sometimes'\"} 400",
                fx.ok(curl + "'{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}'").out());
        assertEquals("{\"message\":\"maximum retry count cannot be used with restart policy 'always'\"} 400",
                fx.ok(curl + "'{\"Image\":\"busybox\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":3}}}'").out());
        fx.cli.run("run", "--name", "plain", "busybox", "true").assertOk();
        assertEquals("no 0", inspect("{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "plain"));
        fx.cli.run("rm", "plain").assertOk();
    }
}
