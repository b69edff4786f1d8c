package dev.layerlab.server.tutorials;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 003 "docker image 이해 및 배포실습": changes vanish with a new container, {@code docker diff}
 * lists them, {@code docker commit} keeps them as a new layer. Adapted: ubuntu becomes debian and
 * git becomes a file we write (no package mirror needed).
 */
class Seed003CommitDiffTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    static CliResult sh(String script) throws Exception {
        return fx.ok(script);
    }

    @Test
    void a_new_container_starts_clean_diff_shows_changes_commit_keeps_them() throws Exception {
        sh("docker run --name first debian bash -c 'echo a > /etc/a.txt'");
        assertEquals("gone", sh("docker run --rm debian bash -c 'test -e /etc/a.txt && echo kept || echo gone'").out());
        String diff = sh("docker diff first").out();
        assertTrue(diff.contains("C /etc"), diff);
        assertTrue(diff.contains("A /etc/a.txt"), diff);
        sh("docker commit first debian:git");
        assertTrue(sh("docker images").out().contains("git"));
        assertEquals("a", sh("docker run --rm debian:git cat /etc/a.txt").out());
        String history = sh("docker history debian:git").out();
        assertTrue(history.startsWith("IMAGE"), history);
        assertTrue(sh("docker image inspect debian:git --format '{{len .RootFS.Layers}}'").out().equals("2"));
    }
}
