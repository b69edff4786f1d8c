package dev.layerlab.server.tenancy;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Builds cannot pile up: a build whose client is gone is cancelled and its RUN container killed even
 * when the RUN prints nothing, and a sandbox runs at most two builds at once.
 */
class BuildLimitsCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    /** {@code docker build} of a silent, long RUN, started in the background. */
    private Process silentBuild(String name) throws Exception {
        Path dir = Files.createDirectories(fx.data.resolve(name));
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN sleep 300 # " + name + "\n");
        ProcessBuilder pb = new ProcessBuilder(DockerCli.BINARY.toString(), "build", "-t", name + ":1", dir.toString());
        pb.environment().put("DOCKER_HOST", "unix://" + fx.sandbox.apiSocket());
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.redirectErrorStream(true).redirectOutput(fx.data.resolve(name + ".out").toFile());
        return pb.start();
    }

    private List<ContainerRecord> runningRunContainers() {
        return fx.space().containers().list().stream().filter(c -> c.state().isRunning()).toList();
    }

    private void awaitRunning(int count) throws InterruptedException {
        for (int i = 0; i < 300 && runningRunContainers().size() < count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, runningRunContainers().size(), "RUN containers running: " + fx.space().containers().list());
    }

    private void awaitNoContainers(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx.space().containers().list().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void killing_the_cli_of_a_silent_run_kills_its_container_within_seconds() throws Exception {
        Process build = silentBuild("silent");
        awaitRunning(1);
        build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        awaitNoContainers(10);
        long seconds = (System.nanoTime() - killed) / 1_000_000_000L;
        assertEquals(List.of(), fx.space().containers().list(), "the RUN container outlived its client");
        assertTrue(seconds <= 5, "gone after " + seconds + " s");
        assertEquals("build cancelled: the client closed the connection",
                fx.space().builds().list().getFirst().error(), "the build's record says why it stopped");
    }

    @Test
    void a_third_build_at_once_is_refused() throws Exception {
        List<Process> running = new ArrayList<>();
        try {
            running.add(silentBuild("first"));
            running.add(silentBuild("second"));
            awaitRunning(2);
            CliResult third = fx.cli.runWithInput("FROM busybox\nRUN true\n", "build", "-");
            assertNotEquals(0, third.exitCode());
            assertTrue(third.stderr().contains("Error response from daemon: this sandbox already runs 2 builds, its limit"),
                    third.stdout() + third.stderr());
        } finally {
            running.forEach(Process::destroyForcibly);
        }
        awaitNoContainers(10);
        assertEquals(List.of(), fx.space().containers().list());
        CliResult after = fx.cli.runWithInput("FROM busybox\nRUN true\n", "build", "-");
        assertEquals(0, after.exitCode(), "the slots are free again: " + after.stdout() + after.stderr());
        new File(fx.data.toFile(), "first.out").delete();
    }
}
