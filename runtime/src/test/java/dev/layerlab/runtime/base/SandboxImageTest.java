package dev.layerlab.runtime.base;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.stdio.ContainerLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class SandboxImageTest {
    @Test
    void the_sandbox_host_has_a_shell_editors_curl_and_the_docker_cli() throws Exception {
        Path data = Files.createTempDirectory("layerlab-sandbox-image-");
        try (Engine engine = Engine.open(EngineSettings.defaults(data))) {
            engine.baseImages().ensureSandbox(Path.of("/var/cache/layerlab/docker-cli/docker"));
            Space space = engine.defaultSpace();
            ContainerRecord c = space.containers().create(null, ContainerConfig.builder(BaseImages.SANDBOX)
                    .cmd("bash", "-c", "docker --version; command -v vi nano curl wget less; echo BUILDKIT=$DOCKER_BUILDKIT").build());
            var exit = space.containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
            space.containers().start(c.id());
            int code = exit.get(30, TimeUnit.SECONDS);
            String out = ContainerLog.text(space.containers().store().get(c.id()).log().read(-1));
            assertEquals(0, code, out);
            assertTrue(out.startsWith("Docker version 20.10"), out);
            for (String tool : new String[]{"vi", "nano", "curl", "wget", "less"}) {
                assertTrue(out.contains("/" + tool + "\n"), tool + " missing: " + out);
            }
            assertTrue(out.contains("BUILDKIT=0"), out);
            space.containers().remove(c.id(), true);
        } finally {
            AtomicFiles.deleteTree(data);
        }
    }
}
