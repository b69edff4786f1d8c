package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --log-driver}, {@code --log-opt} and {@code docker logs --until} as dockerd 20.10 does them. */
class ContainerLogDriverCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void log_driver_none_keeps_nothing_and_logs_says_so() throws Exception {
        // An attached client still gets the output: only the log keeps nothing.
        assertEquals("hello", fx.cli.run("run", "--name", "quiet", "--log-driver", "none", "busybox", "echo", "hello")
                .assertOk().out());
        try {
            assertEquals("none", fx.cli.run("inspect", "--format", "{{.HostConfig.LogConfig.Type}}", "quiet").assertOk().out());
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                CliResult logs = cli.run("logs", "quiet");
                assertNotEquals(0, logs.exitCode());
                assertTrue(logs.stderr().contains("configured logging driver does not support reading"), logs.stderr());
            }
            String id = fx.cli.run("inspect", "--format", "{{.Id}}", "quiet").assertOk().out();
            assertTrue(fx.space().containers().store().get(id).log().read(-1).isEmpty());
        } finally {
            fx.cli.run("rm", "quiet").assertOk();
        }
    }

    @Test
    void local_and_json_file_are_readable() throws Exception {
        for (String driver : new String[]{"local", "json-file"}) {
            fx.cli.run("run", "--name", "d-" + driver, "--log-driver", driver, "busybox", "echo", "from " + driver).assertOk();
            try {
                assertEquals("from " + driver, fx.cli.run("logs", "d-" + driver).assertOk().out());
                assertEquals(driver, fx.cli.run("inspect", "--format", "{{.HostConfig.LogConfig.Type}}", "d-" + driver)
                        .assertOk().out());
            } finally {
                fx.cli.run("rm", "d-" + driver).assertOk();
            }
        }
    }

    @Test
    void unknown_drivers_and_options_are_refused_as_dockerd_refuses_them() throws Exception {
        for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
            CliResult bogus = cli.run("run", "--rm", "--log-driver", "bogus", "busybox", "true");
            assertEquals(125, bogus.exitCode());
            assertTrue(bogus.stderr().contains("logger: no log driver named 'bogus' is registered"), bogus.stderr());
            CliResult syslog = cli.run("run", "--rm", "--log-driver", "syslog", "busybox", "true");
            assertTrue(syslog.stderr().contains("--log-driver syslog is not available in this playground"), syslog.stderr());
            CliResult opt = cli.run("run", "--rm", "--log-opt", "color=red", "busybox", "true");
            assertTrue(opt.stderr().contains("unknown log opt 'color' for json-file log driver"), opt.stderr());
            CliResult size = cli.run("run", "--rm", "--log-opt", "max-size=lots", "busybox", "true");
            assertTrue(size.stderr().contains("failed to initialize logging driver: invalid size: 'lots'"), size.stderr());
        }
    }

    @Test
    void max_size_and_max_file_bound_the_log() throws Exception {
        // 400 lines of ~100 bytes as JSON (~ 40 KB): with max-size=4k and max-file=2 at most ~8 KB stay.
        fx.cli.run("run", "--name", "bounded", "--log-opt", "max-size=4k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                "i=0; while [ $i -lt 400 ]; do echo line-$i; i=$((i+1)); done").assertOk();
        try {
            String logs = fx.cli.run("logs", "bounded").assertOk().out();
            String[] lines = logs.split("\n");
            assertTrue(lines.length > 10 && lines.length < 150, lines.length + " lines");
            assertEquals("line-399", lines[lines.length - 1]);
        } finally {
            fx.cli.run("rm", "bounded").assertOk();
        }
    }

    @Test
    void logs_until_leaves_out_what_came_later() throws Exception {
        fx.cli.run("run", "--name", "timed", "busybox", "sh", "-c", "echo early; sleep 2; echo late").assertOk();
        try {
            String stamped = fx.cli.run("logs", "-t", "timed").assertOk().out();
            Instant early = Instant.parse(stamped.lines().findFirst().orElseThrow().split(" ")[0]);
            String until = early.plusMillis(1000).toString();
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                assertEquals("early", cli.run("logs", "--until", until, "timed").assertOk().out());
                assertEquals("early\nlate", cli.run("logs", "timed").assertOk().out());
            }
        } finally {
            fx.cli.run("rm", "timed").assertOk();
        }
    }

    @Test
    void logs_follow_until_a_moment_ahead_ends_then() throws Exception {
        fx.cli.run("run", "-d", "--name", "ticking", "busybox", "sh", "-c", "echo first; sleep 60").assertOk();
        try {
            long started = System.nanoTime();
            String until = Instant.now().plusSeconds(2).toString();
            CliResult r = fx.cli.run("logs", "-f", "--until", until, "ticking");
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("first", r.out());
            assertTrue(seconds >= 1 && seconds < 20, seconds + " s");
        } finally {
            fx.cli.run("rm", "-f", "ticking").assertOk();
        }
    }
}
