package dev.layerlab.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/** The sandbox's API answers the real docker CLI from outside and from the sandbox's own shell. */
class SandboxApiSmokeTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void docker_version_answers_outside_and_inside_the_sandbox() throws Exception {
        assertTrue(fx.cli.run("version", "--format", "{{.Server.APIVersion}}").assertOk().out().equals("1.44"));
        CliResult inside = fx.shell("docker version --format '{{.Server.Os}} {{.Client.APIVersion}}'; echo $DOCKER_BUILDKIT");
        assertEquals(0, inside.exitCode(), inside.stderr());
        assertEquals("linux 1.41\n0\n", inside.stdout());
    }
}
