package dev.layerlab.server.cli;

import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.MountRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker volume ...} through the real CLI. */
class VolumeCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void create_ls_inspect_rm() throws Exception {
        assertEquals("feedback", fx.cli.run("volume", "create", "--label", "lesson=3", "feedback").assertOk().out());
        String ls = fx.cli.run("volume", "ls").assertOk().stdout();
        assertTrue(ls.matches("(?s)DRIVER\\s+VOLUME NAME\\n.*local\\s+feedback\\n.*"), ls);
        assertEquals("local /var/lib/docker/volumes/feedback/_data", fx.cli.run("volume", "inspect", "feedback",
                "--format", "{{.Driver}} {{.Mountpoint}}").assertOk().out());
        String created = fx.cli.run("volume", "inspect", "feedback", "--format", "{{.CreatedAt}} {{.Labels.lesson}}").assertOk().out();
        assertTrue(created.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d 3"), created);
        assertEquals("feedback", fx.cli.run("volume", "ls", "-q", "--filter", "label=lesson=3").assertOk().out());
        assertEquals("feedback", fx.cli.run("volume", "rm", "feedback").assertOk().out());
        CliResult gone = fx.cli.run("volume", "inspect", "feedback");
        assertEquals(1, gone.exitCode());
        assertTrue(gone.stderr().contains("No such volume: feedback"), gone.stderr());
    }

    @Test
    void removing_a_volume_in_use_is_refused() throws Exception {
        fx.cli.run("volume", "create", "busy").assertOk();
        var c = fx.space().containers().create("vol-user", ContainerConfig.builder("busybox").cmd("true")
                .mounts(List.of(MountRequest.parseBind("busy:/data"))).build());
        try {
            CliResult r = fx.cli.run("volume", "rm", "busy");
            assertEquals(1, r.exitCode());
            assertTrue(r.stderr().contains("remove busy: volume is in use - [" + c.id()), r.stderr());
            assertEquals("", fx.cli.run("volume", "ls", "-q", "--filter", "dangling=true", "--filter", "name=busy")
                    .assertOk().out());
            assertEquals("Total reclaimed space: 0B", fx.cli.run("volume", "prune", "-f", "--filter", "all=true")
                    .assertOk().out());
        } finally {
            fx.space().containers().remove(c.id(), true);
        }
        fx.cli.run("volume", "rm", "busy").assertOk();
    }

    @Test
    void prune_removes_anonymous_unused_volumes_only() throws Exception {
        String anonymous = fx.space().volumes().create(null, Map.of()).name();
        fx.cli.run("volume", "create", "keepme").assertOk();
        String out = fx.cli.run("volume", "prune", "-f").assertOk().stdout();
        assertTrue(out.contains(anonymous), out);
        assertFalse(out.contains("keepme"), out);
        assertEquals("keepme", fx.cli.run("volume", "ls", "-q").assertOk().out());
        fx.cli.run("volume", "rm", "keepme").assertOk();
    }

    @Test
    void other_drivers_are_refused_clearly() throws Exception {
        CliResult r = fx.cli.run("volume", "create", "-d", "nfs", "x");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("volume driver \"nfs\" is not available in this playground"), r.stderr());
    }
}
