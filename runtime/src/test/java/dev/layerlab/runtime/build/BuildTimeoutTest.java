package dev.layerlab.runtime.build;

import dev.layerlab.runtime.SpaceOptions;
import dev.layerlab.runtime.SpaceQuotas;
import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.NetworkAttacher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A build past the space's build timeout fails with a clear message, and its silent RUN is killed and removed. */
class BuildTimeoutTest {
    static BuildFixture fx;

    @BeforeAll
    static void open() throws Exception {
        fx = new BuildFixture();
        fx.space = fx.engine.space("timeouts", new SpaceOptions(BindResolver.REFUSE, NetworkAttacher.NONE, Limits.DEFAULT,
                new SpaceQuotas(0, 0, 0, 1, Duration.ofSeconds(2))));
    }

    @AfterAll
    static void close() throws Exception {
        fx.close();
    }

    @Test
    void a_silent_run_beyond_the_build_timeout_is_killed_and_the_build_fails() throws Exception {
        Path ctx = fx.context("slow", Map.of("Dockerfile", "FROM busybox\nRUN sleep 300\n"));
        long started = System.nanoTime();
        BuildFixture.Failed failed = assertThrows(BuildFixture.Failed.class, () -> fx.build(ctx, BuildRequest.tagged("slow:1")));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals("the build ran longer than 2 seconds, this playground's limit, and was stopped",
                failed.cause.getMessage());
        assertTrue(seconds < 20, "stopped after " + seconds + " s, not at the end of its sleep");
        assertEquals(0, fx.space.containers().list().size(), "the RUN container is gone: " + fx.space.containers().list());
        assertTrue(fx.space.images().list().stream().noneMatch(i -> i.references().toString().contains("slow")),
                "nothing is tagged");
    }

    @Test
    void a_build_within_the_timeout_succeeds() throws Exception {
        Path ctx = fx.context("quick", Map.of("Dockerfile", "FROM busybox\nRUN echo hi > /hi\n"));
        assertNotNull(fx.build(ctx, BuildRequest.tagged("quick:1")).image());
    }
}
