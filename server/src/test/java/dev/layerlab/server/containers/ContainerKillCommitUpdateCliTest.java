package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gaps docker-py's integration suite found against dockerd 20.10: kill returns once a SIGKILLed
 * container is dead, commit right after a short container exits, docker update (a bare 404 before),
 * and routes this playground does not have answering a clear 501 instead of a bare 404.
 */
class ContainerKillCommitUpdateCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static List<DockerCli> bothClis() {
        return List.of(fx.cli, fx.cli.newest());
    }

    /** Two requests on one connection, one right after the other, as an API client (docker-py) sends them. */
    private static final String OPTS = "-s -o /dev/null -w '%{http_code} ' --unix-socket /var/run/docker.sock ";
    private static final String CURL = "curl " + OPTS;

    @Test
    void kill_returns_once_the_container_is_dead() throws Exception {
        for (DockerCli cli : bothClis()) {
            cli.run("run", "-d", "--name", "victim", "busybox", "sleep", "300").assertOk();
            cli.run("kill", "victim").assertOk();
            assertEquals("exited 137 false",
                    cli.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}", "victim").out());
            cli.run("rm", "victim").assertOk();
        }
        String codes = fx.ok("for i in 1 2 3 4 5; do docker run -d --name victim busybox sleep 300 >/dev/null || exit 1; "
                + CURL + "-X POST http://d/v1.41/containers/victim/kill --next "
                + OPTS + "-X DELETE http://d/v1.41/containers/victim; docker rm -f victim >/dev/null 2>&1; echo; done").out();
        assertEquals(java.util.Collections.nCopies(5, "204 204"), codes.lines().map(String::strip).toList(), "kill, then rm at once");
    }

    @Test
    void kill_with_another_signal_returns_after_delivering_it() throws Exception {
        fx.cli.run("run", "-d", "--name", "trapper", "busybox", "sh", "-c",
                "trap 'echo got-hup' HUP; while true; do sleep 0.1; done").assertOk();
        fx.cli.run("kill", "-s", "HUP", "trapper").assertOk();
        assertEquals("running", fx.cli.run("inspect", "-f", "{{.State.Status}}", "trapper").out());
        fx.cli.run("rm", "-f", "trapper").assertOk();
    }

    @Test
    void commit_right_after_a_short_container_starts_or_exits() throws Exception {
        // docker-py's test_commit: start, then commit at once, while the process runs, exits or has exited.
        String codes = fx.ok("for i in 1 2 3 4 5 6 7 8; do docker create --name quick busybox touch /made-$i >/dev/null || exit 1; "
                + CURL + "-X POST http://d/v1.41/containers/quick/start --next "
                + OPTS + "-X POST \"http://d/v1.41/commit?container=quick&repo=quick&tag=$i\"; echo; "
                + "docker wait quick >/dev/null; docker rm quick >/dev/null; done").out();
        assertEquals(java.util.Collections.nCopies(8, "204 201"), codes.lines().map(String::strip).toList(), "start, then commit at once");
        assertEquals("/made-8", fx.cli.run("run", "--rm", "quick:8", "ls", "/made-8").assertOk().out());
        for (DockerCli cli : bothClis()) {
            cli.run("run", "--name", "quick2", "busybox", "sh", "-c", "echo hi > /hi").assertOk();
            cli.run("commit", "quick2", "quick2:v1").assertOk();
            assertEquals("hi", cli.run("run", "--rm", "quick2:v1", "cat", "/hi").assertOk().out());
            cli.run("rm", "quick2").assertOk();
            cli.run("rmi", "quick2:v1").assertOk();
        }
    }

    @Test
    void a_committed_image_has_the_containers_image_as_its_parent() throws Exception {
        // docker-py's CommitTest.test_commit: Parent is the image the container ran, as dockerd records it
        fx.cli.run("run", "--name", "child-of-busybox", "busybox", "touch", "/test").assertOk();
        String committed = fx.cli.run("commit", "child-of-busybox").assertOk().out();
        assertEquals(fx.cli.run("image", "inspect", "-f", "{{.Id}}", "busybox").assertOk().out(),
                fx.cli.run("image", "inspect", "-f", "{{.Parent}}", committed).assertOk().out());
        fx.cli.run("rm", "child-of-busybox").assertOk();
        fx.cli.run("rmi", committed).assertOk();
        assertTrue(fx.cli.run("images", "busybox", "-q").assertOk().out().length() > 0, "busybox stays");
    }

    @Test
    void docker_update_changes_memory_pids_and_restart_policy_with_either_cli() throws Exception {
        fx.cli.run("run", "-d", "--name", "steady", "busybox", "sleep", "300").assertOk();
        String limits = "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.RestartPolicy.Name}}"
                + " {{.HostConfig.RestartPolicy.MaximumRetryCount}}";
        int mb = 20;
        for (DockerCli cli : bothClis()) {
            assertEquals("steady", cli.run("update", "--memory", mb + "m", "--pids-limit", "50", "--restart", "on-failure:3",
                    "steady").assertOk().out());
            assertEquals((mb << 20) + " 50 on-failure 3", cli.run("inspect", "-f", limits, "steady").out());
            assertEquals((mb << 20) + " 50", cgroupLimits("steady"), "the running container's cgroup");
            assertTrue(cli.run("stats", "--no-stream", "--format", "{{.MemUsage}}", "steady").assertOk().out()
                    .endsWith(" / " + mb + "MiB"), "docker stats shows the new limit");
            mb += 10;
        }
        CliResult cpus = fx.cli.run("update", "--cpus", "1", "steady");
        assertTrue(cpus.stderr().contains("docker update --cpus is not supported in this playground"), cpus.stderr());
        CliResult tiny = fx.cli.run("update", "--memory", "1m", "steady");
        assertTrue(tiny.stderr().contains("Minimum memory limit allowed is 6MB"), tiny.stderr());
        fx.cli.run("rm", "-f", "steady").assertOk();

        fx.cli.run("create", "--name", "later", "busybox", "sleep", "300").assertOk();
        fx.cli.run("update", "--memory", "16m", "later").assertOk();
        fx.cli.run("start", "later").assertOk();
        assertTrue(cgroupLimits("later").startsWith((16 << 20) + " "), "a stopped container's new limit applies at its start");
        fx.cli.run("rm", "-f", "later").assertOk();

        fx.cli.run("run", "-d", "--rm", "--name", "passing", "busybox", "sleep", "300").assertOk();
        CliResult auto = fx.cli.run("update", "--restart", "always", "passing");
        assertTrue(auto.stderr().contains("Restart policy cannot be updated because AutoRemove is enabled for the container"),
                auto.stderr());
        fx.cli.run("rm", "-f", "passing").assertOk();
    }

    /** The memory and pids limits of a running container's cgroup (v1), read on the real host. */
    private static String cgroupLimits(String name) throws Exception {
        String pid = fx.cli.run("inspect", "-f", "{{.State.Pid}}", name).assertOk().out();
        String memory = null;
        String pids = null;
        for (String line : Files.readAllLines(Path.of("/proc", pid, "cgroup"))) {
            String[] parts = line.split(":", 3);
            if (List.of(parts[1].split(",")).contains("memory")) {
                memory = Files.readString(Path.of("/sys/fs/cgroup", parts[1], parts[2], "memory.limit_in_bytes")).strip();
            } else if (parts[1].equals("pids")) {
                pids = Files.readString(Path.of("/sys/fs/cgroup", parts[1], parts[2], "pids.max")).strip();
            }
        }
        return memory + " " + pids;
    }

    @Test
    void unknown_routes_of_a_known_area_answer_501_with_a_docker_message() throws Exception {
        String curl = "curl -s -w ' %{http_code}' --unix-socket /var/run/docker.sock ";
        String export = fx.ok(curl + "http://d/v1.41/containers/none/export").out();
        assertEquals("{\"message\":\"docker export is not supported in this playground (see SCOPE.md)\"} 501", export);
        String other = fx.ok(curl + "-X POST http://d/v1.41/volumes/x/frobnicate").out();
        assertEquals("{\"message\":\"the Docker API route POST /volumes/x/frobnicate is not supported in this"
                + " playground (see SCOPE.md)\"} 501", other);
        String unknown = fx.ok(curl + "http://d/v1.41/no-such-area").out();
        assertEquals("{\"message\":\"page not found\"} 404", unknown);
    }
}
