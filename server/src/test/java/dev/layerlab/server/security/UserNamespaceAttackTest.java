package dev.layerlab.server.security;

import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.userns.IdRanges;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Whatever a learner's process escapes, it lands as nobody on the real host: the sandbox host and
 * every container run in the sandbox's own user namespace, where uid 0 is an unprivileged uid of a
 * range no other sandbox has. An escape is played here by {@code nsenter} into a container's user
 * namespace as its root, still in the real host's mount namespace: what a process that broke out of
 * its mount namespace would be. Before user namespaces that process was the real root.
 */
class UserNamespaceAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void a_containers_root_is_an_unprivileged_uid_of_its_sandboxs_own_range_on_the_real_host() throws Exception {
        String id = fx.cli.run("run", "-d", "busybox", "sleep", "60").assertOk().out();
        try {
            assertEquals("0", fx.cli.run("exec", id, "id", "-u").assertOk().out(), "root inside");
            long pid = pidOf(id);
            int base = fx.sandbox.ids().base();
            assertTrue(base >= IdRanges.FIRST_BASE, "the sandbox's root outside: " + base);
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertTrue(status.contains("\nUid:\t" + base + "\t" + base + "\t" + base + "\t" + base + "\n"), status);
            assertTrue(status.contains("\nGid:\t" + base + "\t" + base + "\t" + base + "\t" + base + "\n"), status);
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")),
                    Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")), "a user namespace of its own");
            long hostPid = fx.engine.existingSpace(fx.sandbox.hostSpaceName()).containers().store()
                    .get(fx.sandbox.hostContainerId()).record().state().pid();
            assertEquals(Files.readSymbolicLink(Path.of("/proc/" + hostPid + "/ns/user")),
                    Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/user")), "the sandbox host's, shared");
            assertTrue(Files.readString(Path.of("/proc/" + hostPid + "/status")).contains("\nUid:\t" + base + "\t"));
        } finally {
            fx.cli.run("rm", "-f", id);
        }
    }

    @Test
    void an_escaped_root_cannot_touch_the_real_hosts_files_nor_another_sandboxs_socket() throws Exception {
        Sandbox other = fx.service.create();
        String id = fx.cli.run("run", "-d", "busybox", "sleep", "60").assertOk().out();
        try {
            assertNotEquals(fx.sandbox.ids(), other.ids());
            assertTrue(Math.abs((long) fx.sandbox.ids().base() - other.ids().base()) >= fx.sandbox.ids().size(),
                    "disjoint ranges: " + fx.sandbox.ids() + " " + other.ids());
            Path marker = Files.writeString(fx.data.resolve("escape-marker"), "real host\n");
            String out = escapedRoot(pidOf(id),
                    "id -u; echo owned > " + marker + " || echo WRITE-REFUSED;"
                            + " cat /etc/shadow >/dev/null || echo SHADOW-REFUSED;"
                            + " ls " + other.apiSocket().getParent() + " || echo OTHER-SANDBOX-REFUSED;"
                            + " ls " + fx.sandbox.apiSocket().getParent());
            List<String> lines = out.lines().toList();
            assertEquals("0", lines.get(0), "root, as far as its namespace goes: " + out);
            assertTrue(out.contains("WRITE-REFUSED") && out.contains("SHADOW-REFUSED") && out.contains("OTHER-SANDBOX-REFUSED"), out);
            assertEquals("real host\n", Files.readString(marker));
            assertTrue(out.contains("docker.sock"), "its own sandbox's socket it may reach: " + out);
        } finally {
            fx.cli.run("rm", "-f", id);
            fx.service.delete(other.id());
        }
    }

    @Test
    void what_a_container_writes_in_a_volume_belongs_to_the_sandboxs_ids_outside() throws Exception {
        fx.cli.run("run", "--rm", "-v", "usernsvol:/data", "busybox", "sh", "-c",
                "echo x > /data/byroot; echo y > /data/byuser; chown 1000:1000 /data/byuser").assertOk();
        try {
            Path data = fx.space().volumes().get("usernsvol").mountpoint();
            int base = fx.sandbox.ids().base();
            assertEquals(base, Files.getAttribute(data.resolve("byroot"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(base + 1000, Files.getAttribute(data.resolve("byuser"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
            assertEquals(base + 1000, Files.getAttribute(data.resolve("byuser"), "unix:gid", LinkOption.NOFOLLOW_LINKS));
            assertEquals("0:0 1000:1000", fx.cli.run("run", "--rm", "-v", "usernsvol:/data", "busybox", "sh", "-c",
                    "echo $(stat -c %u:%g /data/byroot) $(stat -c %u:%g /data/byuser)").assertOk().out());
        } finally {
            fx.cli.run("volume", "rm", "usernsvol");
        }
    }

    @Test
    void shared_layers_stay_owned_as_the_image_says_inside_and_on_disk() throws Exception {
        assertEquals("0:0 0:0", fx.cli.run("run", "--rm", "busybox", "sh", "-c",
                "echo $(stat -c %u:%g /bin/busybox) $(stat -c %u:%g /etc/passwd)").assertOk().out());
        // A copy-up keeps the owner: changed inside, committed, it is the image's uid 0 again.
        String id = fx.cli.run("run", "-d", "busybox", "sh", "-c", "echo more >> /etc/passwd; touch /new; chown 7:8 /new;"
                + " exec sleep 60").assertOk().out();
        try {
            String diffs = fx.cli.run("diff", id).assertOk().out();
            assertTrue(diffs.contains("C /etc") && diffs.contains("A /new"), diffs);
            fx.cli.run("commit", id, "userns-commit").assertOk();
            assertEquals("0:0 7:8", fx.cli.run("run", "--rm", "userns-commit", "sh", "-c",
                    "echo $(stat -c %u:%g /etc/passwd) $(stat -c %u:%g /new)").assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", id);
            fx.cli.run("rmi", "userns-commit");
        }
    }

    @Test
    void docker_cp_shows_and_sets_owners_as_the_running_container_sees_them() throws Exception {
        String id = fx.cli.run("run", "-d", "busybox", "sleep", "60").assertOk().out();
        try {
            fx.cli.run("exec", id, "sh", "-c", "touch /owned && chown 1234:4321 /owned").assertOk();
            String listed = fx.ok("docker cp " + id + ":/owned - | tar -tv --numeric-owner -f -").out();
            assertTrue(listed.contains(" 1234/4321 "), "the tar's owner is the one inside: " + listed);
            fx.ok("cd /tmp && echo in > copied-in && tar --owner=2000 --group=3000 -cf - copied-in | docker cp - " + id + ":/");
            assertEquals("2000:3000", fx.cli.run("exec", id, "stat", "-c", "%u:%g", "/copied-in").assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", id);
        }
    }

    @Test
    void a_containers_root_may_open_its_own_stdio_again_by_name() throws Exception {
        // nginx logs to /dev/stderr: a reopen of the pipe, which needs the pipe to be the namespace root's.
        var r = fx.cli.run("run", "--rm", "busybox", "sh", "-c", "echo to-stdout > /proc/self/fd/1; echo to-stderr > /dev/stderr")
                .assertOk();
        assertEquals("to-stdout", r.out());
        assertTrue(r.stderr().contains("to-stderr"), r.stderr());
    }

    private static long pidOf(String container) throws Exception {
        return Long.parseLong(fx.cli.run("inspect", "-f", "{{.State.Pid}}", container).assertOk().out());
    }

    /** {@code script} in the real host's mount namespace, as root of the container {@code pid}'s user namespace. */
    private static String escapedRoot(long pid, String script) throws Exception {
        Process p = new ProcessBuilder("nsenter", "--user=/proc/" + pid + "/ns/user", "--setuid=0", "--setgid=0",
                "--", "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
