package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/** Files in and out of containers: volumes, binds of the shell's directory, docker cp, and escapes refused. */
class ContainerFilesCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @BeforeAll
    static void setUp() throws Exception {
        fx.cli.run("run", "-d", "--name", "box", "busybox", "sleep", "600").assertOk();
    }

    @Test
    void named_volume_outlives_its_container() throws Exception {
        fx.cli.run("run", "--rm", "-v", "data:/data", "busybox", "sh", "-c", "echo kept > /data/f").assertOk();
        assertEquals("kept", fx.cli.run("run", "--rm", "-v", "data:/data", "busybox", "cat", "/data/f").assertOk().out());
        String src = fx.cli.run("run", "-d", "--name", "vol", "-v", "data:/data", "busybox", "true").assertOk().out();
        assertEquals("/var/lib/docker/volumes/data/_data", fx.cli.run("inspect", "-f",
                "{{range .Mounts}}{{.Source}}{{end}}", src).assertOk().out());
    }

    @Test
    void bind_of_the_shells_directory_and_read_only() throws Exception {
        CliResult r = fx.shell("mkdir -p /root/proj && cd /root/proj && echo from-shell > note.txt"
                + " && docker run --rm -v $(pwd):/app busybox cat /app/note.txt"
                + " && docker run --rm -v $(pwd):/app busybox sh -c 'echo back > /app/out.txt' && cat out.txt");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("from-shell\nback\n", r.stdout());
        CliResult ro = fx.shell("cd /root/proj && docker run --rm -v $(pwd):/app:ro busybox touch /app/nope");
        assertNotEquals(0, ro.exitCode());
        assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
        assertEquals(1, fx.shell("test -e /root/proj/nope").exitCode());
    }

    @Test
    void bind_of_a_missing_path_makes_it_as_the_sandbox_root() throws Exception {
        // as dockerd does for -v /missing:/x (docker-py's VolumeBindTest binds paths its host lacks)
        fx.cli.run("run", "--rm", "-v", "/srv/made/by-run:/x", "busybox", "sh", "-c", "echo made > /x/f").assertOk();
        assertEquals("made\n0:0 directory", fx.shell("cat /srv/made/by-run/f && stat -c '%u:%g %F' /srv/made/by-run")
                .assertOk().out());
    }

    @Test
    void cp_both_ways_in_the_sandbox_shell() throws Exception {
        CliResult r = fx.shell("cd /root && echo copied-in > in.txt && docker cp in.txt box:/tmp/in.txt"
                + " && docker exec box cat /tmp/in.txt"
                + " && docker exec box sh -c 'mkdir -p /srv/d && echo deep > /srv/d/f'"
                + " && docker cp box:/srv/d ./outdir && cat outdir/f"
                + " && docker cp box:/etc/hostname - | tar -tf -");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("copied-in\ndeep\nhostname\n", r.stdout());
    }

    /** docker cp sees the engine's /etc files (issue 11): the hostname, running and stopped. */
    @Test
    void cp_out_of_etc_hostname_holds_the_hostname() throws Exception {
        fx.cli.run("run", "-d", "--name", "named", "--hostname", "myhost", "busybox", "sleep", "600").assertOk();
        try {
            assertEquals("myhost", fx.ok("docker cp named:/etc/hostname - | tar -xO").out());
            assertTrue(fx.ok("docker cp named:/etc/hosts - | tar -xO").out().contains("myhost"));
            fx.cli.run("stop", "-t", "0", "named").assertOk();
            assertEquals("myhost", fx.ok("docker cp named:/etc/hostname - | tar -xO").out());
        } finally {
            fx.shell("docker rm -f named");
        }
    }

    /** Volumes and binds are in docker cp's view (issue 11), both ways, for a running and a stopped container. */
    @Test
    void cp_into_and_out_of_a_named_volume_and_a_bind() throws Exception {
        fx.ok("mkdir -p /root/cpbind && echo from-bind > /root/cpbind/b.txt && echo up > /root/up.txt");
        fx.cli.run("run", "-d", "--name", "mounts", "-v", "cpvol:/data", "-v", "/root/cpbind:/bind", "busybox",
                "sh", "-c", "echo from-volume > /data/v.txt && exec sleep 600").assertOk();
        try {
            for (String state : new String[] {"running", "stopped"}) {
                assertEquals("from-volume", fx.ok("docker cp mounts:/data/v.txt - | tar -xO").out(), state);
                assertEquals("from-bind", fx.ok("docker cp mounts:/bind/b.txt - | tar -xO").out(), state);
                fx.ok("cd /root && docker cp up.txt mounts:/data/up-" + state + ".txt"
                        + " && docker cp up.txt mounts:/bind/up-" + state + ".txt");
                assertEquals("up", fx.ok("cat /root/cpbind/up-" + state + ".txt").out(), state);
                assertEquals("up", fx.cli.run("run", "--rm", "-v", "cpvol:/data", "busybox", "cat",
                        "/data/up-" + state + ".txt").assertOk().out(), state);
                CliResult listed = fx.ok("docker cp mounts:/data - | tar -t");
                assertTrue(listed.stdout().contains("data/v.txt"), listed.stdout());
                fx.cli.run("stop", "-t", "0", "mounts").assertOk();
            }
            // Written into the volume, not into the container's own layer under the mount point.
            CliResult diff = fx.ok("docker diff mounts");
            assertFalse(diff.stdout().contains("up-"), diff.stdout());
        } finally {
            fx.shell("docker rm -f mounts; docker volume rm cpvol");
        }
    }

    @Test
    void cp_into_a_read_only_volume_is_refused_with_dockers_words() throws Exception {
        fx.cli.run("run", "-d", "--name", "readonly", "-v", "rovol:/data:ro", "busybox", "sleep", "600").assertOk();
        try {
            CliResult r = fx.shell("cd /root && echo x > ro.txt && docker cp ro.txt readonly:/data/");
            assertNotEquals(0, r.exitCode(), r.stdout());
            assertTrue(r.stderr().contains("mounted volume is marked read-only"), r.stderr());
            assertEquals("", fx.cli.run("run", "--rm", "-v", "rovol:/data", "busybox", "ls", "/data").assertOk().out());
            fx.ok("docker cp ro.txt readonly:/tmp/");
        } finally {
            fx.shell("docker rm -f readonly; docker volume rm rovol");
        }
    }

    @Test
    void cp_out_names_owners_from_the_containers_passwd_and_group() throws Exception {
        fx.cli.run("create", "--name", "shadowed", "debian", "true").assertOk();
        try {
            // /etc/shadow is root:shadow (0:42) in debian; dockerd writes the names as well as the numbers.
            CliResult r = fx.shell("docker cp shadowed:/etc/shadow - | tar -tvf -"
                    + " && docker cp shadowed:/etc/shadow - | tar -tv --numeric-owner -f -");
            assertEquals(0, r.exitCode(), r.stderr());
            String[] lines = r.stdout().split("\n");
            assertTrue(lines[0].matches("-rw-r----- root/shadow .* shadow"), r.stdout());
            assertTrue(lines[1].matches("-rw-r----- 0/42 .* shadow"), r.stdout());
        } finally {
            fx.cli.run("rm", "shadowed").assertOk();
        }
    }

    @Test
    void cp_from_a_stopped_container() throws Exception {
        fx.cli.run("run", "--name", "stopped", "busybox", "sh", "-c", "echo left > /left.txt").assertOk();
        CliResult r = fx.shell("cd /root && docker cp stopped:/left.txt ./left.txt && cat left.txt");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("left\n", r.stdout());
    }

    @Test
    void cp_of_a_missing_path_is_a_clear_error() throws Exception {
        CliResult r = fx.shell("docker cp box:/no/such/file /tmp/x");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("No such container:path: box:/no/such/file"), r.stderr());
    }

    @Test
    void cp_through_a_symlink_stays_in_the_container() throws Exception {
        String name = "layerlab-escape-" + UUID.randomUUID();
        Path host = Path.of("/tmp", name);
        fx.cli.run("exec", "box", "ln", "-s", "/../../../../../../tmp", "/escape").assertOk();
        CliResult r = fx.shell("cd /root && echo x > " + name + " && docker cp " + name + " box:/escape/");
        assertEquals(0, r.exitCode(), r.stderr());
        assertFalse(Files.exists(host), "written outside the container: " + host);
        assertEquals("x", fx.cli.run("exec", "box", "cat", "/tmp/" + name).assertOk().out());
    }

    @Test
    void a_tar_climbing_out_with_dotdot_is_refused_and_writes_nothing() throws Exception {
        String name = "layerlab-escape-" + UUID.randomUUID();
        Path tar = Files.createTempFile("evil-", ".tar");
        try {
            Process mk = new ProcessBuilder("python3", "-c", "import tarfile,io,sys\n"
                    + "t=tarfile.open(sys.argv[1],'w')\n"
                    + "i=tarfile.TarInfo('../../../../../../../../tmp/'+sys.argv[2]); d=b'pwned'; i.size=len(d)\n"
                    + "t.addfile(i, io.BytesIO(d)); t.close()", tar.toString(), name).inheritIO().start();
            assertEquals(0, mk.waitFor());
            Process put = new ProcessBuilder("curl", "-s", "-w", "\n%{http_code}", "--unix-socket",
                    fx.sandbox.apiSocket().toString(), "-X", "PUT", "-T", tar.toString(),
                    "http://docker/v1.41/containers/box/archive?path=/tmp").start();
            String out = new String(put.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            put.waitFor();
            assertTrue(out.endsWith("\n400"), out);
            assertFalse(Files.exists(Path.of("/tmp", name)));
            assertNotEquals(0, fx.cli.run("exec", "box", "sh", "-c", "find / -xdev -name '" + name + "' | grep .")
                    .exitCode());
        } finally {
            Files.deleteIfExists(tar);
        }
    }
}
