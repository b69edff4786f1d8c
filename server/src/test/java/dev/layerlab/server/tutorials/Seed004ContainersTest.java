package dev.layerlab.server.tutorials;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 004 "섹션02": attached vs detached, start -ai, cleaning up exited containers and images,
 * naming, inspect and cp. Adapted: node becomes debian (node comes with the builder's images).
 */
class Seed004ContainersTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    static CliResult sh(String script) throws Exception {
        return fx.ok(script);
    }

    @Test
    void attached_detached_and_start_ai() throws Exception {
        assertTrue(sh("docker pull debian").out().contains("debian"));
        assertEquals("attached", sh("docker run debian echo attached").out());
        String id = sh("docker run -d debian sh -c 'echo detached; sleep 300'").out();
        assertEquals(64, id.length());
        assertTrue(sh("sleep 0.3; docker logs " + id).out().contains("detached"));
        sh("docker rm -f " + id);
        sh("docker create -i --name rng debian bash -c 'read n; echo got-$n'");
        assertEquals("got-7", sh("echo 7 | docker start -ai rng").out());
    }

    @Test
    void naming_inspect_cp_and_cleanup() throws Exception {
        sh("docker run --name goalsapp -d debian sleep 300");
        assertEquals("/goalsapp", sh("docker inspect --format '{{.Name}}' goalsapp").out());
        sh("cd /root && echo hi > test.txt && docker cp test.txt goalsapp:/test && docker cp goalsapp:/test back.txt && cat back.txt");
        sh("docker stop -t 1 goalsapp");
        sh("docker run debian true");
        sh("docker rm $(docker ps -aq -f \"status=exited\")");
        assertEquals("", sh("docker ps -aq").out());
        sh("docker tag debian goals:latest && docker rmi goals:latest");
        assertTrue(sh("docker image prune -f").exitCode() == 0);
    }
}
