package dev.layerlab.server.tutorials;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 000 "Docker와 컨테이너, 이미지": volumes (anonymous, named, bind, and which wins), ENV at run
 * time. Adapted: the feedback-node image comes with the builder; busybox plays the app here.
 */
class Seed000VolumesTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    static CliResult sh(String script) throws Exception {
        return fx.ok(script);
    }

    @Test
    void anonymous_volumes_go_with_rm_and_named_volumes_stay() throws Exception {
        sh("docker run --rm -v /app/feedback busybox sh -c 'echo x > /app/feedback/f'");
        assertEquals("0", sh("docker volume ls -q | grep -cE '^[0-9a-f]{64}$' || true").out(), "--rm removed the anonymous volume");
        sh("docker run -d --rm --name feedback-app -v feedback:/app/feedback busybox sh -c "
                + "'echo thanks > /app/feedback/awesome.txt; sleep 300'");
        sh("docker stop -t 1 feedback-app");
        assertTrue(sh("docker volume ls").out().contains("feedback"));
        assertEquals("thanks", sh("docker run --rm -v feedback:/app/feedback busybox cat /app/feedback/awesome.txt").out());
    }

    @Test
    void a_bind_mount_shows_the_shells_files_and_the_longer_path_wins() throws Exception {
        sh("mkdir -p /root/proj && cd /root/proj && echo 'v1' > server.js && mkdir -p feedback");
        assertEquals("v1", sh("cd /root/proj && docker run --rm -v $(pwd):/app busybox cat /app/server.js").out());
        sh("cd /root/proj && echo v2 > server.js");
        assertEquals("v2", sh("cd /root/proj && docker run --rm -v $(pwd):/app busybox cat /app/server.js").out());
        // The seed's pattern: bind the project read-only, keep feedback in a named volume, node_modules anonymous.
        String out = sh("cd /root/proj && docker run --rm -v $(pwd):/app:ro -v feedback2:/app/feedback -v /app/node_modules "
                + "busybox sh -c 'touch /app/x 2>/dev/null || echo ro; echo saved > /app/feedback/f; ls /app/node_modules | wc -l'").out();
        assertEquals("ro\n0", out);
        assertFalse(sh("ls /root/proj/feedback").out().contains("f"), "the named volume, the longer path, got the file");
        assertEquals("saved", sh("docker run --rm -v feedback2:/d busybox cat /d/f").out());
    }

    @Test
    void env_and_env_file_at_run_time() throws Exception {
        assertEquals("8000", sh("docker run --rm --env PORT=8000 busybox sh -c 'echo $PORT'").out());
        assertEquals("80 x", sh("cd /root && printf 'PORT=80\\nNAME=x\\n' > .env && "
                + "docker run --rm --env-file .env busybox sh -c 'echo $PORT $NAME'").out());
    }
}
