package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code docker run} flags that were accepted and ignored: now done as Docker does them ({@code --tmpfs},
 * {@code --add-host}, {@code --group-add}) or refused with one sentence ({@code --link}, {@code --mac-address},
 * {@code --volumes-from}).
 */
class ContainerRunFlagsCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void tmpfs_mounts_a_bounded_tmpfs() throws Exception {
        CliResult r = fx.cli.run("run", "--rm", "--tmpfs", "/scratch:size=1m,mode=1777", "busybox", "sh", "-c",
                "grep ' /scratch ' /proc/mounts; stat -c %a /scratch;"
                        + " dd if=/dev/zero of=/scratch/big bs=1k count=2048 2>&1 | grep -c 'No space left on device'");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().matches("(?s)tmpfs /scratch tmpfs rw,nosuid,nodev,noexec,[^\\n]*size=1024k.*\\n1777\\n"
                + "1\\n"), r.stdout());
    }

    @Test
    void a_tmpfs_is_never_bigger_than_the_containers_memory() throws Exception {
        CliResult r = fx.cli.using(DockerCli.NEWEST).run("run", "--rm", "--memory", "32m", "--tmpfs", "/big:size=10g,exec",
                "busybox", "grep", " /big ", "/proc/mounts");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("size=32768k"), r.stdout());
        assertFalse(r.stdout().contains("noexec"), r.stdout());
    }

    @Test
    void tmpfs_over_dev_and_suid_are_refused() throws Exception {
        CliResult dev = fx.cli.run("run", "--rm", "--tmpfs", "/dev/x", "busybox", "true");
        assertEquals(125, dev.exitCode());
        assertTrue(dev.stderr().contains("mounting over /dev/x is refused in this playground"), dev.stderr());
        Path dir = Files.createTempDirectory("tmpfslink");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN ln -s /dev /scratch && ln -s /nowhere /dangling\n");
        fx.cli.run("build", "-q", "-t", "devlink", dir.toString()).assertOk();
        try {
            CliResult viaLink = fx.cli.run("run", "--rm", "--tmpfs", "/scratch", "devlink", "true");
            assertNotEquals(0, viaLink.exitCode());
            assertTrue(viaLink.stderr().contains("mounting over /dev is refused in this playground"), viaLink.stderr());
            CliResult dangling = fx.cli.run("run", "--rm", "--tmpfs", "/dangling/x", "devlink", "true");
            assertTrue(dangling.stderr().contains("/dangling is a symlink to nothing"), dangling.stderr());
            CliResult fine = fx.cli.run("run", "--rm", "--tmpfs", "/scratch2/x", "devlink", "true");
            assertEquals(0, fine.exitCode(), fine.stderr());
        } finally {
            fx.cli.run("container", "prune", "-f").assertOk(); // the run's container stays created, as with Docker
            fx.cli.run("rmi", "devlink").assertOk();
        }
        CliResult inVolume = fx.cli.run("run", "--rm", "-v", "shared:/data", "--tmpfs", "/data/x", "busybox", "true");
        assertEquals(125, inVolume.exitCode());
        assertTrue(inVolume.stderr().contains("--tmpfs /data/x is refused in this playground: it is inside the volume"
                + " at /data"), inVolume.stderr());
        assertNotEquals(0, fx.cli.run("volume", "inspect", "shared").exitCode(), "nothing half made");
        CliResult suid = fx.cli.run("run", "--rm", "--tmpfs", "/x:suid", "busybox", "true");
        assertTrue(suid.stderr().contains("--tmpfs /x:suid is not available in this playground"), suid.stderr());
    }

    @Test
    void add_host_adds_lines_to_etc_hosts_with_both_clis() throws Exception {
        for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
            CliResult r = cli.run("run", "--rm", "--add-host", "db:10.1.2.3", "--add-host", "gw:host-gateway",
                    "busybox", "cat", "/etc/hosts");
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(r.stdout().contains("\n10.1.2.3\tdb\n"), r.stdout());
            assertTrue(r.stdout().matches("(?s).*\\n(\\d+\\.){3}1\\tgw\\n.*"), r.stdout());
        }
        String hosts = fx.cli.run("run", "--rm", "--add-host", "db:10.1.2.3", "debian", "getent", "hosts", "db")
                .assertOk().out();
        assertTrue(hosts.startsWith("10.1.2.3"), hosts);
    }

    @Test
    void build_add_host_reaches_the_run_steps() throws Exception {
        Path dir = Files.createTempDirectory("addhost");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN grep -q '10.9.8.7.db' /etc/hosts\n");
        CliResult r = fx.cli.run("build", "--add-host", "db:10.9.8.7", "-q", dir.toString());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        CliResult without = fx.cli.run("build", "--no-cache", "-q", dir.toString());
        assertNotEquals(0, without.exitCode());
    }

    @Test
    void group_add_adds_supplementary_groups_by_name_and_number() throws Exception {
        for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
            String id = cli.run("run", "--rm", "--group-add", "audio", "--group-add", "4242", "debian", "id")
                    .assertOk().out();
            assertTrue(id.contains("groups=0(root),29(audio),4242"), id);
        }
        String exec = fx.cli.run("run", "-d", "--name", "grouped", "--group-add", "video", "debian", "sleep", "60")
                .assertOk().out();
        try {
            assertTrue(fx.cli.run("exec", "grouped", "id").assertOk().out().contains("44(video)"));
        } finally {
            fx.cli.run("rm", "-f", exec).assertOk();
        }
        CliResult unknown = fx.cli.run("run", "--rm", "--group-add", "nosuchgroup", "debian", "true");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("Unable to find group nosuchgroup"), unknown.stderr());
    }

    @Test
    void link_puts_the_targets_alias_and_name_in_etc_hosts() throws Exception {
        fx.cli.run("run", "-d", "--name", "linked", "--hostname", "dbhost", "busybox", "sleep", "60").assertOk();
        try {
            String ip = fx.cli.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "linked").assertOk().out();
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                CliResult r = cli.run("run", "--rm", "--link", "linked:db", "busybox", "sh", "-c",
                        "cat /etc/hosts; ping -c1 -W2 db | head -1");
                assertEquals(0, r.exitCode(), r.stderr());
                assertTrue(r.stdout().contains("\n" + ip + "\tdb dbhost linked\n"), r.stdout());
                assertTrue(r.stdout().contains("PING db (" + ip + ")"), r.stdout());
            }
            fx.cli.run("create", "--name", "linker", "--link", "linked", "busybox", "true").assertOk();
            assertEquals("[/linked:/linker/linked]", fx.cli.run("inspect", "--format", "{{.HostConfig.Links}}", "linker")
                    .assertOk().out());
            fx.cli.run("rm", "linker").assertOk();
        } finally {
            fx.cli.run("rm", "-f", "linked").assertOk();
        }
    }

    @Test
    void link_to_a_missing_or_stopped_container_fails_as_docker_does() throws Exception {
        CliResult missing = fx.cli.run("run", "--rm", "--link", "nosuch:db", "busybox", "true");
        assertEquals(125, missing.exitCode());
        assertTrue(missing.stderr().contains("could not get container for nosuch: No such container: nosuch"),
                missing.stderr());
        assertFalse(missing.stderr().contains("Unable to find image"), missing.stderr());
        fx.cli.run("create", "--name", "asleep", "busybox", "true").assertOk();
        try {
            CliResult stopped = fx.cli.run("run", "--name", "waker", "--link", "asleep:db", "busybox", "true");
            assertNotEquals(0, stopped.exitCode());
            assertTrue(stopped.stderr().contains("Cannot link to a non running container: /asleep AS /waker/db"),
                    stopped.stderr());
        } finally {
            fx.cli.run("rm", "-f", "waker").assertOk();
            fx.cli.run("rm", "asleep").assertOk();
        }
    }

    @Test
    void mac_address_and_volumes_from_are_refused_with_one_sentence() throws Exception {
        fx.cli.run("run", "-d", "--name", "target", "busybox", "sleep", "60").assertOk();
        try {
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                CliResult mac = cli.run("run", "--rm", "--mac-address", "02:42:ac:11:00:99", "busybox", "true");
                assertEquals(125, mac.exitCode());
                assertTrue(mac.stderr().contains("--mac-address is not supported in this playground"), mac.stderr());
                CliResult from = cli.run("run", "--rm", "--volumes-from", "target", "busybox", "true");
                assertEquals(125, from.exitCode());
                assertTrue(from.stderr().contains("--volumes-from is not supported in this playground"), from.stderr());
            }
        } finally {
            fx.cli.run("rm", "-f", "target").assertOk();
        }
    }
}
