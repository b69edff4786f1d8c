package dev.layerlab.server.tenancy;

import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sandbox's volumes, image tags and execs are bounded (the defaults: 50, 100, 64), so a learner cannot
 * grow the server's disk entries and memory without end; the real CLI prints the refusal, and removing
 * some makes room again.
 */
class SandboxCountsCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void the_fifty_first_volume_is_refused_until_one_is_removed() throws Exception {
        for (int i = fx.space().volumes().list().size(); i < 49; i++) {
            fx.space().volumes().create("bulk" + i, null);
        }
        assertEquals(0, fx.cli.run("volume", "create", "fiftieth").exitCode());
        CliResult refused = fx.cli.run("volume", "create", "one-too-many");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("Error response from daemon: this sandbox already has 50 volumes, its limit"),
                refused.stderr());
        CliResult anonymous = fx.cli.run("run", "--rm", "-v", "/data", "busybox", "true");
        assertNotEquals(0, anonymous.exitCode(), "an anonymous volume counts too");
        assertTrue(anonymous.stderr().contains("50 volumes"), anonymous.stderr());
        assertFalse(fx.space().volumes().exists("one-too-many"));

        assertEquals(0, fx.cli.run("volume", "rm", "fiftieth").exitCode());
        assertEquals(0, fx.cli.run("volume", "create", "one-too-many").exitCode());
        for (var v : fx.space().volumes().list()) {
            fx.space().removeVolume(v.name(), true);
        }
    }

    @Test
    void the_hundred_and_first_tag_is_refused_and_retagging_a_name_is_not() throws Exception {
        Image busybox = fx.space().images().resolve("busybox");
        List<ImageReference> added = new ArrayList<>();
        int existing = (int) fx.space().images().list().stream().mapToLong(i -> i.references().size()).sum();
        for (int i = existing; i < 99; i++) {
            ImageReference ref = ImageReference.parse("bulk:" + i);
            fx.space().images().tag(busybox, ref);
            added.add(ref);
        }
        assertEquals(0, fx.cli.run("tag", "busybox", "hundredth:1").exitCode());
        CliResult refused = fx.cli.run("tag", "busybox", "one-too-many:1");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("Error response from daemon: this sandbox already has 100 image tags and its"
                + " limit is 100"), refused.stderr());
        assertEquals(0, fx.cli.run("tag", "debian:bookworm", "hundredth:1").exitCode(), "moving a name adds none");
        CliResult build = fx.cli.runWithInput("FROM busybox\nRUN true\n", "build", "-t", "built:1", "-");
        assertNotEquals(0, build.exitCode(), "a build's tag counts too");
        assertTrue((build.stdout() + build.stderr()).contains("100 image tags"), build.stdout() + build.stderr());

        assertEquals(0, fx.cli.run("rmi", "hundredth:1").exitCode());
        assertEquals(0, fx.cli.run("tag", "busybox", "one-too-many:1").exitCode());
        fx.cli.run("rmi", "one-too-many:1");
        for (ImageReference ref : added) {
            fx.space().images().untag(ref);
        }
    }

    @Test
    void execs_created_and_never_started_are_bounded() throws Exception {
        assertEquals(0, fx.cli.run("run", "-d", "--name", "execs", "busybox", "sleep", "300").exitCode());
        ExecConfig idle = new ExecConfig(List.of("true"), List.of(), "", "", false, false, true, true);
        for (int i = 0; i < 63; i++) {
            fx.space().execs().create("execs", idle);
        }
        String create = "curl -s --unix-socket /var/run/docker.sock -H 'Content-Type: application/json'"
                + " -d '{\"Cmd\":[\"true\"]}' http://docker/containers/execs/exec";
        assertTrue(fx.ok(create).stdout().contains("\"Id\""), "the 64th is created");
        String refused = fx.ok(create + " -w ' %{http_code}'").stdout();
        assertTrue(refused.contains("this sandbox already has 64 execs") && refused.endsWith(" 409"), refused);
        CliResult cli = fx.cli.run("exec", "execs", "true");
        assertNotEquals(0, cli.exitCode());
        assertTrue(cli.stderr().contains("Error response from daemon: this sandbox already has 64 execs"), cli.stderr());
        fx.cli.run("rm", "-f", "execs");
    }
}
