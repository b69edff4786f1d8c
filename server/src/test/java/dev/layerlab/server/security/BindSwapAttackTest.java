package dev.layerlab.server.security;

import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.stdio.StreamType;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9, attack 1: a bind source checked at create and swapped for a symlink before start. A
 * marker file in the real host's root (which no sandbox host has) tells an escape from a mount of
 * the sandbox host's own root: every bind must show the sandbox host's files, never the real host's.
 */
class BindSwapAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static RealHostMarker marker;

    @BeforeAll
    static void markRealHost() throws Exception {
        marker = RealHostMarker.plant();
        fx.ok("echo sandbox host > /" + marker.name());
    }

    @AfterAll
    static void unmark() throws Exception {
        marker.close();
    }

    /** The two commands, in the sandbox shell. */
    @Test
    void a_bind_source_replaced_by_a_symlink_to_root_after_create_mounts_the_sandbox_host_root() throws Exception {
        CliResult r = fx.shell("mkdir /tmp/bx && docker create --name swapped -v /tmp/bx:/host busybox"
                + " sh -c 'cat /host/" + marker.name() + "; ls /host/run/layerlab/sandboxes' >/dev/null"
                + " && rmdir /tmp/bx && ln -s / /tmp/bx && docker start -a swapped");
        assertTrue(r.stdout().contains("sandbox host"), r.stdout() + r.stderr());
        assertFalse(r.stdout().contains("real host"), r.stdout());
        assertFalse(r.stdout().contains(fx.sandbox.id()), "the real host's sandbox sockets were listed: " + r.stdout());
        fx.shell("docker rm -f swapped");
    }

    /** The same swap made through the API alone: a second container that binds the sandbox host's /tmp. */
    @Test
    void a_swap_made_by_another_container_stays_inside_the_sandbox_host() throws Exception {
        CliResult r = fx.shell("mkdir -p /tmp/by && docker create --name swapped2 -v /tmp/by:/host busybox cat /host/" + marker.name()
                + " >/dev/null && docker run --rm -v /tmp:/t busybox sh -c 'rmdir /t/by && ln -s / /t/by'"
                + " && docker start -a swapped2");
        assertEquals("sandbox host", r.stdout().strip(), r.stderr());
        fx.shell("docker rm -f swapped2");
    }

    /**
     * A swapper exchanges a real directory and a symlink to {@code /} with renameat2(RENAME_EXCHANGE)
     * as fast as it can while containers binding that name start one after another.
     */
    @Test
    void a_bind_source_raced_by_a_swapper_never_reaches_the_real_host() throws Exception {
        fx.ok("mkdir -p /tmp/race/a && echo inside > /tmp/race/a/" + marker.name() + " && ln -sfn / /tmp/race/b");
        Path raceDir = fx.service.sandboxes().hostSpace(fx.sandbox).snapshots().fsOf(fx.sandbox.hostContainerId()).merged().resolve("tmp/race");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                int dirFd = LibC.INSTANCE.open(raceDir.toString(), PathCalls.O_PATH | PathCalls.O_DIRECTORY);
                while (!stop.get() || swaps.get() < 1000) {
                    PathCalls.exchange(dirFd, "a", "b");
                    swaps.incrementAndGet();
                }
                LibC.INSTANCE.close(dirFd);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        int realHost = 0;
        int sandboxRoot = 0;
        int inside = 0;
        try {
            var containers = fx.space().containers();
            for (int i = 0; i < 60; i++) {
                String id;
                try {
                    id = containers.create("race-" + i, ContainerConfig.builder("busybox")
                            .cmd(List.of("cat", "/host/" + marker.name()))
                            .mounts(List.of(new MountRequest(MountRequest.Kind.BIND, "/tmp/race/a", "/host", false)))
                            .build()).id();
                } catch (Exception e) {
                    continue; // created while "a" was the symlink to a file-less root: fine either way
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                var exit = containers.waitFor(id, WaitCondition.NEXT_EXIT);
                try (var attached = containers.attach(id, EnumSet.of(StreamType.STDOUT),
                        (stream, bytes, n) -> out.write(bytes, 0, n))) {
                    containers.start(id);
                    exit.get(30, TimeUnit.SECONDS);
                }
                String seen = out.toString().strip();
                switch (seen) {
                    case "real host" -> realHost++;
                    case "sandbox host" -> sandboxRoot++;
                    case "inside" -> inside++;
                    default -> { }
                }
                containers.remove(id, true, false);
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(swaps.get() >= 1000, "swaps: " + swaps.get());
        assertEquals(0, realHost, "containers saw the real host's root (sandbox root " + sandboxRoot + ", inside "
                + inside + ")");
        assertTrue(sandboxRoot + inside > 0, "no container ran to the end");
    }
}
