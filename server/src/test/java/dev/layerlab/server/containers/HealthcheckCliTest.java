package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Healthchecks run as Docker runs them: an exec in the container every interval, its results in State.Health. */
class HealthcheckCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void a_passing_check_makes_the_container_healthy() throws Exception {
        fx.cli.run("run", "-d", "--name", "fine", "--health-cmd", "echo hi", "--health-interval", "1s",
                "busybox", "sleep", "60").assertOk();
        try {
            awaitStatus("fine", "healthy");
            assertTrue(ps("fine").matches("Up .* \\(healthy\\)"), ps("fine"));
            assertEquals("fine", fx.cli.run("ps", "--format", "{{.Names}}", "--filter", "health=healthy").assertOk().out());
            assertEquals("0 0 \"hi\\n\" true", fx.cli.run("inspect", "--format", "{{.State.Health.FailingStreak}}"
                    + " {{(index .State.Health.Log 0).ExitCode}} {{json (index .State.Health.Log 0).Output}}"
                    + " {{(index .State.Health.Log 0).End.After (index .State.Health.Log 0).Start}}", "fine").assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", "fine").assertOk();
        }
        assertEquals(0, fx.space().healthchecks().monitored(), "nothing is scheduled for a removed container");
    }

    @Test
    void failing_checks_make_it_unhealthy_after_the_retries_and_the_log_keeps_five() throws Exception {
        fx.cli.run("run", "-d", "--name", "sick", "--health-cmd", "echo no; exit 3", "--health-interval", "1s",
                "--health-retries", "2", "busybox", "sleep", "60").assertOk();
        fx.cli.run("run", "-d", "--name", "waiting", "--health-cmd", "true", "--health-interval", "30s",
                "busybox", "sleep", "60").assertOk();
        try {
            awaitStatus("sick", "unhealthy");
            assertTrue(ps("sick").matches("Up .* \\(unhealthy\\)"), ps("sick"));
            assertTrue(ps("waiting").matches("Up .* \\(health: starting\\)"), ps("waiting"));
            assertEquals("sick", fx.cli.run("ps", "--format", "{{.Names}}", "--filter", "health=unhealthy").assertOk().out());
            assertEquals("waiting", fx.cli.run("ps", "--format", "{{.Names}}", "--filter", "health=starting").assertOk().out());
            CliResult bad = fx.cli.run("ps", "--filter", "health=bogus");
            assertEquals(1, bad.exitCode());
            assertTrue(bad.stderr().contains("Unrecognised filter value for health: bogus"), bad.stderr());
            assertEquals("3 \"no\\n\"", fx.cli.run("inspect", "--format", "{{(index .State.Health.Log 0).ExitCode}}"
                    + " {{json (index .State.Health.Log 0).Output}}", "sick").assertOk().out());
            long deadline = System.currentTimeMillis() + 20_000;
            while (Integer.parseInt(inspect("sick", "{{.State.Health.FailingStreak}}")) < 6) {
                assertTrue(System.currentTimeMillis() < deadline, inspect("sick", "{{json .State.Health}}"));
                Thread.sleep(300);
            }
            assertEquals("5", inspect("sick", "{{len .State.Health.Log}}"));
            // Stopped: no more probes, the last health kept; started again: starting, then probed anew.
            fx.cli.run("stop", "-t", "0", "sick").assertOk();
            String streak = inspect("sick", "{{.State.Health.FailingStreak}}");
            Thread.sleep(2500);
            assertEquals(streak, inspect("sick", "{{.State.Health.FailingStreak}}"));
            fx.cli.run("start", "sick").assertOk();
            assertEquals("starting 0", inspect("sick", "{{.State.Health.Status}} {{.State.Health.FailingStreak}}"));
            awaitStatus("sick", "unhealthy");
        } finally {
            fx.cli.run("rm", "-f", "sick", "waiting").assertOk();
        }
    }

    @Test
    void a_check_past_its_timeout_is_killed_and_long_output_is_cut() throws Exception {
        fx.cli.run("run", "-d", "--name", "slow", "--health-cmd", "sleep 7", "--health-interval", "1s",
                "--health-timeout", "1s", "--health-retries", "1", "busybox", "sleep", "60").assertOk();
        fx.cli.run("run", "-d", "--name", "loud", "--health-cmd", "head -c 5000 /dev/zero | tr '\\0' a",
                "--health-interval", "1s", "busybox", "sleep", "60").assertOk();
        try {
            awaitStatus("slow", "unhealthy");
            assertEquals("-1 \"Health check exceeded timeout (1s)\"", inspect("slow",
                    "{{(index .State.Health.Log 0).ExitCode}} {{json (index .State.Health.Log 0).Output}}"));
            Thread.sleep(2500);
            String sleeps = fx.cli.run("exec", "slow", "sh", "-c", "ps -o args | grep -c '^sleep 7'").out();
            assertTrue(Integer.parseInt(sleeps.strip()) <= 1, "killed at the timeout, at most one check at a time: " + sleeps);
            awaitStatus("loud", "healthy");
            String out = inspect("loud", "{{(index .State.Health.Log 0).Output}}");
            assertEquals(4096 + 3, out.length());
            assertTrue(out.endsWith("aaa..."), out.substring(out.length() - 10));
        } finally {
            fx.cli.run("rm", "-f", "slow", "loud").assertOk();
        }
    }

    @Test
    void the_images_healthcheck_runs_in_exec_form_and_none_runs_nothing() throws Exception {
        Path dir = Files.createTempDirectory("health");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nHEALTHCHECK --interval=1s CMD [\"test\", \"-e\", \"/ready\"]\n");
        fx.cli.run("build", "-q", "-t", "probed", dir.toString()).assertOk();
        fx.cli.run("run", "-d", "--name", "probed", "probed", "sh", "-c", "sleep 2; touch /ready; sleep 60").assertOk();
        fx.cli.run("run", "-d", "--name", "unprobed", "--no-healthcheck", "probed", "sleep", "60").assertOk();
        try {
            awaitStatus("probed", "healthy");
            assertEquals("null", inspect("unprobed", "{{json .State.Health}}"));
            assertTrue(ps("unprobed").matches("Up [^(]*"), ps("unprobed"));
            assertEquals("unprobed", fx.cli.run("ps", "--format", "{{.Names}}", "--filter", "health=none").assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", "probed", "unprobed").assertOk();
            fx.cli.run("rmi", "probed").assertOk();
        }
    }

    private static void awaitStatus(String name, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!inspect(name, "{{.State.Health.Status}}").equals(status)) {
            assertTrue(System.currentTimeMillis() < deadline,
                    name + " never became " + status + ": " + inspect(name, "{{json .State.Health}}"));
            Thread.sleep(200);
        }
    }

    private static String inspect(String name, String format) throws Exception {
        return fx.cli.run("inspect", "--format", format, name).assertOk().out();
    }

    private static String ps(String name) throws Exception {
        List<String> lines = fx.cli.run("ps", "-a", "--format", "{{.Status}}", "--filter", "name=^" + name + "$")
                .assertOk().out().lines().toList();
        return lines.isEmpty() ? "" : lines.get(0);
    }
}
