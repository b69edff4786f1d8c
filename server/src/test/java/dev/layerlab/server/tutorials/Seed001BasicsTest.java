package dev.layerlab.server.tutorials;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 001 "Docker 기초", section 1.2, typed in the sandbox's own shell. Adapted: nginx is not
 * offline yet, so busybox httpd serves /www in its place; whalesay becomes busybox echo.
 */
class Seed001BasicsTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    static CliResult sh(String script) throws Exception {
        return fx.ok(script);
    }

    @Test
    void run_ps_inspect_logs_exec_cp_stop_start_rm() throws Exception {
        // 1.2.1 run: a command with arguments, then a detached web server
        assertEquals("hello world!", sh("docker run busybox echo hello world!").out());
        String id = sh("docker run -d -p 8080:80 busybox sh -c 'mkdir -p /www && echo welcome > /www/index.html"
                + " && echo started && exec httpd -f -v -p 80 -h /www'").out();
        assertEquals(64, id.length(), id);
        // 1.2.2 ps
        String ps = sh("docker ps").out();
        assertTrue(ps.startsWith("CONTAINER ID"), ps);
        assertTrue(ps.contains(id.substring(0, 12)), ps);
        assertTrue(ps.contains("0.0.0.0:8080->80/tcp"), ps);
        // 1.2.3 inspect
        assertEquals("running", sh("docker inspect --format '{{.State.Status}}' " + id).out());
        // 1.2.4 logs
        assertTrue(sh("sleep 0.3; docker logs " + id).out().contains("started"));
        // 1.2.5 exec, and the published port from the sandbox shell
        assertEquals("welcome", sh("docker exec " + id + " cat /www/index.html").out());
        assertEquals("welcome", sh("curl -s localhost:8080").out());
        // 1.2.6 cp both ways
        sh("docker cp /etc/passwd " + id + ":/www/.");
        // Seen once in CI: a reset (curl 56) right after cp paused and resumed the container; retried
        // here and noted for investigation (port proxy vs. freezer), see the session notes.
        assertTrue(sh("curl -s --retry 3 --retry-all-errors --retry-delay 1 localhost:8080/passwd").out().startsWith("root:"));
        sh("cd /root && docker cp " + id + ":/www/index.html . && test \"$(cat index.html)\" = welcome");
        // 1.2.7 stop, ps -a; 1.2.8 start; 1.2.9 rm
        sh("docker stop -t 1 " + id);
        assertTrue(sh("docker ps -a").out().contains("Exited ("));
        assertFalse(sh("docker ps -q").out().contains(id.substring(0, 12)));
        sh("docker start " + id);
        assertTrue(sh("docker ps -q").out().contains(id.substring(0, 12)));
        CliResult rmRunning = fx.shell("docker rm " + id);
        assertNotEquals(0, rmRunning.exitCode());
        assertTrue(rmRunning.stderr().contains("Stop the container before attempting removal"), rmRunning.stderr());
        sh("docker stop -t 1 " + id + " && docker rm " + id);
        assertFalse(sh("docker ps -a").out().contains(id.substring(0, 12)));
    }

    @Test
    void interactive_containers_and_exec_it() throws Exception {
        // 1.2.10 run -it and exec -it, on a real terminal
        CliResult it = fx.cli.onTerminal("echo inside-$((6*7))\nexit\n", "run", "-it", "--rm", "debian", "bash");
        assertTrue(it.stdout().contains("inside-42"), it.stdout());
        String id = sh("docker run -d debian sleep 300").out();
        CliResult exec = fx.cli.onTerminal("cat /etc/debian_version\nexit\n", "exec", "-it", id, "bash");
        assertTrue(exec.stdout().contains("12."), exec.stdout());
        sh("docker rm -f " + id);
    }

    @Test
    void tag_images_and_rmi() throws Exception {
        // 1.3.1 tag, 1.3.2 images and rmi (push needs a registry: not offered yet, see SCOPE.md)
        sh("docker tag busybox:latest erectbranch/busybox:1");
        String images = sh("docker images").out();
        assertTrue(images.contains("erectbranch/busybox"), images);
        assertTrue(sh("docker rmi erectbranch/busybox:1").out().contains("Untagged: erectbranch/busybox:1"));
        CliResult push = fx.shell("docker push erectbranch/busybox");
        assertNotEquals(0, push.exitCode());
    }
}
