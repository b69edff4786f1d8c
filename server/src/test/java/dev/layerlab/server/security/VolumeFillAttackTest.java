package dev.layerlab.server.security;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9, attack 2 for volume copy-up: the engine copies an image's files into an empty volume
 * with {@code cp -a}; if a running container has the volume, it can plant links inside while the
 * copy runs and steer the engine's writes out of the volume. So no copy is made into a volume a
 * running container has mounted.
 */
class VolumeFillAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void an_empty_volume_in_use_by_a_running_container_is_not_filled() throws Exception {
        fx.ok("docker run -d --name holder -v shared-vol:/v busybox sleep 600");
        try {
            // busybox has files in /etc: a fresh container with the empty volume at /etc would get them copied in.
            CliResult r = fx.ok("docker run --rm -v shared-vol:/etc busybox sh -c 'test -e /etc/passwd && echo filled || echo empty'");
            assertEquals("empty", r.stdout().strip(), "the volume was filled while another container had it");
        } finally {
            fx.shell("docker rm -f holder; docker volume rm shared-vol");
        }
    }

    @Test
    void an_empty_volume_nobody_uses_is_filled_as_docker_does() throws Exception {
        CliResult r = fx.ok("docker run --rm -v fresh-vol:/etc busybox cat /etc/passwd | head -1");
        assertTrue(r.stdout().startsWith("root:"), r.stdout());
        fx.shell("docker volume rm fresh-vol");
    }
}
