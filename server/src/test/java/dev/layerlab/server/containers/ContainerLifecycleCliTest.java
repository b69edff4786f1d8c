package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A detached web server and short-lived containers driven through ps, logs, stop/start, top, stats, commit. */
class ContainerLifecycleCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @BeforeAll
    static void setUp() throws Exception {
        fx.shell("mkdir -p /root/www && echo hello-from-httpd > /root/www/index.html").assertOk();
        fx.cli.run("run", "-d", "--name", "web", "-p", "5000:80", "-v", "/root/www:/www:ro", "busybox",
                "httpd", "-f", "-p", "80", "-h", "/www").assertOk();
    }

    @Test
    void published_port_serves_the_page_inside_the_sandbox() throws Exception {
        CliResult r = fx.shell("for i in 1 2 3 4 5; do curl -fsS localhost:5000/ && exit 0; sleep 0.3; done; exit 1");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("hello-from-httpd\n", r.stdout());
        assertEquals("0.0.0.0:5000", fx.cli.run("port", "web", "80").assertOk().out().lines().findFirst().orElse(""));
    }

    @Test
    void ps_lists_running_and_exited_containers() throws Exception {
        fx.cli.run("run", "--name", "done1", "busybox", "sh", "-c", "exit 2");
        String ps = fx.cli.run("ps").assertOk().stdout();
        assertTrue(ps.contains("web") && ps.contains("0.0.0.0:5000->80/tcp") && ps.contains("Up "), ps);
        assertFalse(ps.contains("done1"), ps);
        assertTrue(fx.cli.run("ps", "-a").assertOk().stdout().contains("Exited (2)"));
        assertEquals("done1", fx.cli.run("ps", "-a", "-f", "status=exited", "--format", "{{.Names}}").assertOk().out());
        assertEquals("web", fx.cli.run("ps", "--format", "{{.Names}}").assertOk().out());
        String id = fx.cli.run("ps", "-q").assertOk().out();
        assertEquals(12, id.length(), id);
        assertEquals("done1", fx.cli.run("ps", "-a", "-f", "exited=2", "--format", "{{.Names}}").assertOk().out());
        fx.cli.run("rm", "done1").assertOk();
    }

    @Test
    void logs_tail_timestamps_and_follow() throws Exception {
        fx.cli.run("run", "--name", "talker", "busybox", "sh", "-c", "echo one; echo two >&2; sleep 0.2; echo three").assertOk();
        CliResult all = fx.cli.run("logs", "talker");
        assertEquals("one\nthree\n", all.stdout());
        assertEquals("two\n", all.stderr());
        assertEquals("three", fx.cli.run("logs", "--tail", "1", "talker").out());
        String ts = fx.cli.run("logs", "-t", "--tail", "1", "talker").out();
        assertTrue(ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z three"), ts);
        fx.cli.run("run", "-d", "--name", "ticker", "busybox", "sh", "-c", "for i in 1 2 3; do echo t$i; sleep 0.3; done")
                .assertOk();
        CliResult f = fx.cli.run("logs", "-f", "ticker");
        assertEquals("t1\nt2\nt3\n", f.stdout());
        fx.cli.run("rm", "talker", "ticker").assertOk();
    }

    @Test
    void stop_start_restart_kill_pause_and_wait() throws Exception {
        fx.cli.run("run", "-d", "--name", "sleeper", "busybox", "sleep", "300").assertOk();
        fx.cli.run("pause", "sleeper").assertOk();
        assertTrue(fx.cli.run("ps", "--format", "{{.Status}}", "-f", "name=sleeper").out().endsWith("(Paused)"));
        fx.cli.run("unpause", "sleeper").assertOk();
        fx.cli.run("stop", "-t", "1", "sleeper").assertOk();
        assertEquals("exited 137", fx.cli.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "sleeper").out());
        fx.cli.run("start", "sleeper").assertOk();
        fx.cli.run("restart", "-t", "0", "sleeper").assertOk();
        assertEquals("true", fx.cli.run("inspect", "-f", "{{.State.Running}}", "sleeper").out());
        fx.cli.run("kill", "sleeper").assertOk();
        assertEquals("137", fx.cli.run("wait", "sleeper").assertOk().out());
        CliResult again = fx.cli.run("kill", "sleeper");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.stderr().contains("is not running"), again.stderr());
        fx.cli.run("rename", "sleeper", "napper").assertOk();
        fx.cli.run("rm", "napper").assertOk();
    }

    @Test
    void rm_refuses_a_running_container_unless_forced() throws Exception {
        fx.cli.run("run", "-d", "--name", "busy", "busybox", "sleep", "300").assertOk();
        CliResult r = fx.cli.run("rm", "busy");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("You cannot remove a running container"), r.stderr());
        fx.cli.run("rm", "-f", "busy").assertOk();
        assertFalse(fx.cli.run("ps", "-a", "--format", "{{.Names}}").out().contains("busy"));
    }

    @Test
    void top_and_stats_show_the_running_server() throws Exception {
        String top = fx.cli.run("top", "web").assertOk().stdout();
        assertTrue(top.contains("PID") && top.contains("httpd -f -p 80"), top);
        String stats = fx.cli.run("stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}} {{.PIDs}}", "web")
                .assertOk().out();
        assertTrue(stats.matches("web [0-9.]+[KMG]?i?B / [0-9.]+[KMG]iB 1"), stats);
    }

    @Test
    void diff_and_commit_with_changes() throws Exception {
        fx.cli.run("run", "--name", "maker", "busybox", "sh", "-c", "echo made > /made.txt; rm /bin/vi").assertOk();
        List<String> diff = fx.cli.run("diff", "maker").assertOk().out().lines().toList();
        assertTrue(diff.contains("A /made.txt") && diff.contains("D /bin/vi") && diff.contains("C /bin"), diff.toString());
        fx.cli.run("commit", "--change", "CMD [\"cat\", \"/made.txt\"]", "--change", "ENV GREETING=hi",
                "--change", "WORKDIR /tmp", "maker", "made:v1").assertOk();
        assertEquals("made", fx.cli.run("run", "--rm", "made:v1").assertOk().out());
        assertEquals("hi /tmp", fx.cli.run("run", "--rm", "made:v1", "sh", "-c", "echo $GREETING $(pwd)").assertOk().out());
        fx.cli.run("rm", "maker").assertOk();
    }
}
