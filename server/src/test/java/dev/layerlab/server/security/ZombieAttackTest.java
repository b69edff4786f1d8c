package dev.layerlab.server.security;

import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Orphans that nobody reaps stay as zombies and count against the sandbox's pids limit until the
 * learner can no longer fork. The sandbox host's PID 1 and {@code docker run --init}'s are a real
 * init (Debian's static tini), which reaps them.
 */
class ZombieAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    /** Each {@code (sleep 1 &)} leaves an orphan that exits a second later, with PID 1 as its parent. */
    private static final String ORPHANS = "for i in $(seq %d); do (sleep 1 &); done";
    private static final String COUNT_ZOMBIES = "grep -s '^State:' /proc/[0-9]*/status | grep -c 'Z (zombie)' || true";

    @Test
    void the_sandbox_host_reaps_the_orphans_of_the_learners_shell() throws Exception {
        String out = fx.ok(ORPHANS.formatted(200) + "; sleep 3; " + COUNT_ZOMBIES + "; tr '\\0' ' ' < /proc/1/cmdline")
                .out();
        assertEquals("0", out.lines().findFirst().orElseThrow(), "zombies left in the sandbox host: " + out);
        assertTrue(out.contains("/sbin/docker-init -- "), "PID 1 of the sandbox host: " + out);
    }

    @Test
    void docker_run_init_puts_docker_init_at_pid_1() throws Exception {
        String ps = fx.cli.run("run", "--rm", "--init", "busybox", "ps", "-o", "pid,args").assertOk().out();
        String pid1 = ps.lines().filter(l -> l.strip().startsWith("1 ")).findFirst().orElseThrow(() -> new AssertionError(ps));
        assertEquals("1 /sbin/docker-init -- ps -o pid,args", pid1.strip(), ps);
    }

    @Test
    void docker_run_init_reaps_orphans_and_without_it_they_stay() throws Exception {
        // PID 1 becomes `sleep`, which never waits: only an init in front of it reaps the orphans.
        String script = ORPHANS.formatted(100) + "; exec sleep 60";
        String withInit = fx.cli.run("run", "-d", "--init", "busybox", "sh", "-c", script).assertOk().out();
        String without = fx.cli.run("run", "-d", "busybox", "sh", "-c", script).assertOk().out();
        try {
            Thread.sleep(3000);
            assertEquals("0", fx.cli.run("exec", withInit, "sh", "-c", COUNT_ZOMBIES).assertOk().out());
            assertEquals("100", fx.cli.run("exec", without, "sh", "-c", COUNT_ZOMBIES).assertOk().out());
            assertEquals("true", fx.cli.run("inspect", "-f", "{{.HostConfig.Init}}", withInit).assertOk().out());
            assertEquals("<nil>", fx.cli.run("inspect", "-f", "{{.HostConfig.Init}}", without).assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", withInit, without);
        }
    }
}
