package dev.layerlab.server.security;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11's attack: docker cp now reaches a container's volumes, which another container writes
 * while no freeze holds it. That other container swaps a directory of the shared volume for a symlink
 * to {@code /} (and another for a {@code ..} chain) in a tight loop while docker cp copies into and out
 * of that directory of a running and of a stopped container: nothing is written outside the first
 * container's view, and no tar holds anything but the volume's own names.
 */
class CopyVolumeSwapAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static final String PREFIX = "cpswap-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern VOLUME_NAMES = Pattern.compile(
            "data(/(a|a2|b|c)(/(inside|inside2|" + PREFIX + "-\\d+))?)?/?");
    private static final Pattern DIR_NAMES = Pattern.compile("a(/(inside|" + PREFIX + "-\\d+))?/?");
    private static RealHostMarker marker;

    @BeforeAll
    static void setUp() throws Exception {
        marker = RealHostMarker.plant();
        AttackTools.install(fx, "swapper", "/tmp/tools/swapper", "-O2");
        fx.ok("echo sandbox host > /" + PREFIX + "-sandbox-host");
        fx.ok("docker run -d --name swapper -v swapped:/v -v /tmp/tools:/tools busybox sh -c '"
                + "mkdir -p /v/a /v/a2 && echo inside > /v/a/inside && echo inside > /v/a2/inside2"
                + " && ln -s / /v/b && ln -s ../../../../../.. /v/c"
                + " && (/tools/swapper /v a b &) && exec /tools/swapper /v a2 c'");
        fx.ok("docker run -d --name victim -v swapped:/data busybox sleep 600");
        fx.ok("docker create --name victim-stopped -v swapped:/data busybox true");
    }

    @AfterAll
    static void tearDown() throws Exception {
        marker.close();
        fx.shell("docker rm -f swapper victim victim-stopped");
    }

    @Test
    void copies_into_and_out_of_a_volume_being_swapped_stay_inside_the_containers_view() throws Exception {
        int copiedIn = 0;
        int round = 0;
        for (String victim : new String[] {"victim", "victim-stopped"}) {
            for (int i = 0; i < 25; i++, round++) {
                String name = PREFIX + "-" + round;
                CliResult in = fx.shell("echo learner > /tmp/" + name + " && docker cp /tmp/" + name + " " + victim
                        + ":/data/" + (i % 2 == 0 ? "a" : "a2") + "/");
                if (in.exitCode() == 0) {
                    copiedIn++;
                }
                CliResult read = fx.shell("docker cp " + victim + ":/data/a/" + marker.name() + " - 2>/dev/null | tar -xO 2>/dev/null");
                assertFalse(read.stdout().contains("real host"), "docker cp read the real host: " + read.stdout());
                CliResult dir = fx.shell("docker cp " + victim + ":/data/a - | tar -t");
                assertEquals(0, dir.exitCode(), dir.stderr());
                for (String entry : dir.stdout().split("\n")) {
                    assertTrue(DIR_NAMES.matcher(entry).matches(), "docker cp of /data/a held " + entry + ":\n" + dir.stdout());
                }
                CliResult all = fx.shell("docker cp " + victim + ":/data - | tar -t");
                assertEquals(0, all.exitCode(), all.stderr());
                for (String entry : all.stdout().split("\n")) {
                    assertTrue(VOLUME_NAMES.matcher(entry).matches(), "docker cp of /data held " + entry + ":\n" + all.stdout());
                }
            }
        }
        // Where the copies may be: in the volume, or in the victim's own root (a link to / means its /).
        // The swapper is held still while the volume is searched: find would trip over entries it renames away.
        fx.ok("docker pause swapper");
        CliResult inVolume = fx.ok("docker exec victim find /data -name '" + PREFIX + "-*'");
        fx.ok("docker unpause swapper");
        assertTrue(inVolume.stdout().contains(PREFIX), "no copy reached the volume (" + copiedIn + " succeeded)");
        assertTrue(copiedIn > 0);
        for (int i = 0; i < round; i++) {
            String name = PREFIX + "-" + i;
            assertFalse(Files.exists(Path.of("/", name)), "docker cp wrote into the real host's /");
        }
        CliResult hostRoot = fx.ok("ls / /root");
        assertFalse(hostRoot.stdout().matches("(?s).*" + PREFIX + "-\\d.*"),
                "docker cp wrote into the sandbox host: " + hostRoot.stdout());
        CliResult swapperRoot = fx.ok("docker exec swapper ls /");
        assertFalse(swapperRoot.stdout().contains(PREFIX), "docker cp wrote into the other container's root: " + swapperRoot.stdout());
        assertEquals("running", fx.cli.run("inspect", "-f", "{{.State.Status}}", "victim").assertOk().out());
    }
}
