package dev.layerlab.server.security;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9, attack 2 for {@code docker cp}, {@code docker commit} and {@code docker diff}: the
 * container's own processes swap a directory for a symlink to {@code /} while the engine reads or
 * writes its files, and a learner unpauses the container to lift the engine's freeze.
 */
class CopyRaceAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static RealHostMarker marker;

    @BeforeAll
    static void setUp() throws Exception {
        marker = RealHostMarker.plant();
        AttackTools.install(fx, "swapper", "/tmp/tools/swapper", "-O2");
        fx.ok("docker run -d --name racer -v /tmp/tools:/tools busybox sh -c 'mkdir -p /race/a && echo inside > /race/a/inside"
                + " && ln -s / /race/b && exec /tools/swapper /race a b'");
    }

    @AfterAll
    static void tearDown() throws Exception {
        marker.close();
        fx.shell("docker rm -f racer");
    }

    @Test
    void an_unpause_is_refused_while_the_engine_holds_a_container_still() throws Exception {
        var containers = fx.space().containers();
        try (var held = containers.freeze("racer")) {
            CliResult r = fx.cli.run("unpause", "racer");
            assertNotEquals(0, r.exitCode(), r.stdout());
            assertTrue(r.stderr().contains("held still while its files are read or written"), r.stderr());
            assertThrows(ConflictException.class, () -> containers.unpause("racer"));
        }
        assertEquals("running", fx.cli.run("inspect", "-f", "{{.State.Status}}", "racer").assertOk().out());
    }

    /** docker cp out, docker cp in, commit and diff while the swapper runs and another client keeps unpausing. */
    @Test
    void copies_commits_and_diffs_never_reach_the_real_host_while_a_swapper_runs() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread unpauser = new Thread(() -> {
            while (!stop.get()) {
                try {
                    fx.cli.run("unpause", "racer");
                } catch (Exception ignored) {
                    // refused while held, or not paused: both expected
                }
            }
        });
        unpauser.start();
        try {
            for (int i = 0; i < 40; i++) {
                CliResult out = fx.shell("docker cp racer:/race/a/" + marker.name() + " - 2>/dev/null | tar -xO 2>/dev/null");
                assertFalse(out.stdout().contains("real host"), "docker cp read the real host: " + out.stdout());
                fx.shell("echo learner > /tmp/in-" + i + " && docker cp /tmp/in-" + i + " racer:/race/a/");
            }
            fx.ok("docker commit racer raced:1 >/dev/null");
            CliResult fromImage = fx.ok("docker run --rm raced:1 ls -R /race");
            assertTrue(fromImage.stdout().contains("inside"), fromImage.stdout());
            assertFalse(fromImage.stdout().contains(marker.name()), "the commit took in the real host: " + fromImage.stdout());
            CliResult diff = fx.ok("docker diff racer");
            assertTrue(diff.stdout().contains("/inside"), diff.stdout());
            assertFalse(diff.stdout().contains(marker.name()), "docker diff listed the real host: " + diff.stdout());
        } finally {
            stop.set(true);
            unpauser.join();
        }
        assertFalse(Files.exists(Path.of("/in-0")), "docker cp wrote into the real host's root");
        for (int i = 0; i < 40; i++) {
            Files.deleteIfExists(Path.of("/in-" + i));
        }
        assertEquals("running", fx.cli.run("inspect", "-f", "{{.State.Status}}", "racer").assertOk().out());
    }

    /** A bind of the sandbox host is in docker cp's view (issue 11), resolved there by descriptor. */
    @Test
    void docker_cp_reads_a_bind_of_the_sandbox_host_inside_the_containers_view() throws Exception {
        fx.ok("mkdir -p /tmp/shared && echo shared > /tmp/shared/file && ln -sfn / /tmp/shared/up"
                + " && docker run -d --name binder -v /tmp/shared:/b busybox sleep 600");
        try {
            assertEquals("shared", fx.ok("docker cp binder:/b/file - | tar -xO").out());
            CliResult r = fx.shell("docker cp binder:/b/up/" + marker.name() + " -");
            assertNotEquals(0, r.exitCode(), r.stdout());
            assertTrue(r.stderr().contains("No such container:path: binder:/b/up/" + marker.name()), r.stderr());
        } finally {
            fx.shell("docker rm -f binder");
        }
    }
}
