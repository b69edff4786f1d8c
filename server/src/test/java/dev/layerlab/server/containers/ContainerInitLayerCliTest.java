package dev.layerlab.server.containers;

import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The init layer: what the engine and runc put in a container only to mount on (/etc/hosts, /etc/hostname,
 * /etc/resolv.conf, /proc, /sys, /dev...) lies below the container's own layer, so {@code docker diff} and
 * {@code docker commit} show only what the learner changed, as Docker's "-init" layer does.
 */
class ContainerInitLayerCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void a_container_that_changed_nothing_has_an_empty_diff() throws Exception {
        fx.cli.run("run", "--name", "untouched", "busybox", "true").assertOk();
        assertEquals("", fx.cli.run("diff", "untouched").assertOk().out());
        fx.cli.run("run", "-d", "--name", "idle", "--init", "busybox", "sleep", "60").assertOk();
        assertEquals("", fx.cli.run("diff", "idle").assertOk().out(), "a running container, with --init");
        fx.cli.run("rm", "-f", "untouched", "idle").assertOk();
    }

    @Test
    void diff_and_commit_hold_only_what_the_learner_wrote() throws Exception {
        fx.cli.run("run", "--name", "writer", "busybox", "sh", "-c", "echo x > /a").assertOk();
        assertEquals(List.of("A /a"), fx.cli.run("diff", "writer").assertOk().out().lines().toList());
        fx.cli.run("commit", "writer", "written:v1").assertOk();
        // The committed image's top layer holds /a and nothing else.
        String layerLists = fx.shell("set -e; d=$(mktemp -d); docker save written:v1 | tar -x -C $d;"
                + " top=$(sed -e 's/.*\"Layers\":\\[//' -e 's/\\].*//' $d/manifest.json | tr ',' '\\n' | tail -1 | tr -d '\"');"
                + " tar -tf $d/$top; rm -rf $d").assertOk().stdout();
        assertEquals(List.of("a"), layerLists.lines().toList());
        // A container of the committed image gets its own /etc files, not the committer's.
        String hosts = fx.cli.run("run", "--rm", "--name", "second", "--hostname", "second-host", "written:v1",
                "sh", "-c", "cat /a; cat /etc/hostname; grep -c second-host /etc/hosts").assertOk().out();
        assertEquals("x\nsecond-host\n1", hosts);
        fx.cli.run("rm", "writer").assertOk();
        fx.cli.run("rmi", "written:v1").assertOk();
    }

    @Test
    void writes_to_etc_hosts_go_to_the_containers_own_file_as_in_docker() throws Exception {
        // /etc/hosts is a bind of the container's hosts file: Docker's diff and commit do not see writes to it.
        fx.cli.run("run", "--name", "hoster", "busybox", "sh", "-c", "echo '10.1.2.3 extra' >> /etc/hosts").assertOk();
        assertEquals("", fx.cli.run("diff", "hoster").assertOk().out());
        fx.cli.run("start", "-a", "hoster").assertOk();
        assertEquals("", fx.cli.run("diff", "hoster").assertOk().out(), "after a second start");
        // A file the learner adds next to them is theirs.
        fx.cli.run("run", "--name", "etcer", "busybox", "sh", "-c", "echo y > /etc/mine").assertOk();
        assertEquals(List.of("C /etc", "A /etc/mine"), fx.cli.run("diff", "etcer").assertOk().out().lines().toList());
        fx.cli.run("rm", "hoster", "etcer").assertOk();
    }
}
