package dev.layerlab.server.security;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9, attack 3: runc 1.1.5 lacks the fixes for CVE-2025-31133, CVE-2025-52565 and
 * CVE-2025-52881, whose patterns all need a mount the container controls over /dev, /proc or /sys
 * (or a masked path), or a symlink in the image where runc mounts those trees. A bind over /dev let
 * /proc/timer_list and /proc/keys show a host file. None of these may be set up.
 */
class KernelTreeMountAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static void refused(String volume, String expected) throws Exception {
        CliResult r = fx.shell("mkdir -p /tmp/fake && docker run --rm -v " + volume + " busybox cat /proc/timer_list");
        assertEquals(125, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains(expected), r.stderr());
    }

    @Test
    void binds_and_volumes_over_the_kernels_trees_are_refused() throws Exception {
        refused("/tmp/fake:/dev", "mounting over /dev is refused in this playground");
        refused("/tmp/fake:/dev/null", "mounting over /dev/null is refused");
        refused("/tmp/fake:/dev/console", "mounting over /dev/console is refused");
        refused("vol:/proc/keys", "mounting over /proc/keys is refused");
        refused("/tmp/fake:/proc/timer_list", "mounting over /proc/timer_list is refused");
        refused("/tmp/fake:/sys/firmware", "mounting over /sys/firmware is refused");
        refused("/tmp/fake:/", "destination can't be '/'");
    }

    @Test
    void masked_paths_stay_masked() throws Exception {
        CliResult r = fx.ok("docker run --rm busybox sh -c 'wc -c < /proc/timer_list; wc -c < /proc/keys; ls /sys/firmware | wc -l'");
        assertEquals("0\n0\n0\n", r.stdout());
    }

    @Test
    void an_image_whose_dev_is_a_symlink_does_not_start() throws Exception {
        // An image whose /dev is a symlink, made with docker load of a hand-made layer.
        CliResult loaded = fx.shell("mkdir -p /tmp/linkdev/img/layer/bin && cd /tmp/linkdev"
                + " && docker run --rm busybox cat /bin/busybox > img/layer/bin/busybox && chmod +x img/layer/bin/busybox"
                + " && cd img/layer && ln -s /tmp dev && tar -cf ../layer.tar . && cd .. && sha=$(sha256sum layer.tar | cut -d' ' -f1)"
                + " && printf '{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/busybox\",\"true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:%s\"]}}' $sha > config.json"
                + " && csha=$(sha256sum config.json | cut -d' ' -f1) && mv config.json $csha.json"
                + " && printf '[{\"Config\":\"%s.json\",\"RepoTags\":[\"linkdev:1\"],\"Layers\":[\"layer.tar\"]}]' $csha > manifest.json"
                + " && tar -cf ../linkdev.tar manifest.json $csha.json layer.tar && docker load -i ../linkdev.tar");
        assertEquals(0, loaded.exitCode(), loaded.stdout() + loaded.stderr());
        CliResult run = fx.shell("docker run --rm linkdev:1");
        assertNotEquals(0, run.exitCode(), run.stdout());
        assertTrue(run.stderr().contains("the image's /dev is not a directory"), run.stderr());
        fx.shell("docker rmi -f linkdev:1");
    }
}
