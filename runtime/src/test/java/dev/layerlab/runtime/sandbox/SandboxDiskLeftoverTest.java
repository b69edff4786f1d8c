package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.disk.LoopDisk;
import dev.layerlab.runtime.io.AtomicFiles;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server killed with SIGKILL leaves its sandboxes' disks mounted, with containers' overlays and volumes
 * mounted inside and their loop devices bound; the next start on the same data directory releases them all.
 */
class SandboxDiskLeftoverTest {
    /** A server that makes one sandbox with a running container and a volume, says READY, and waits to be killed. */
    public static final class KilledServer {
        public static void main(String[] args) throws Exception {
            Path data = Path.of(args[0]);
            Engine engine = Engine.open(EngineSettings.defaults(data));
            engine.baseImages().ensureBusybox();
            SandboxSettings d = SandboxSettings.defaults();
            engine.baseImages().ensureSandbox(d.dockerCli());
            Sandboxes sandboxes = new Sandboxes(engine, settings(Path.of(args[1])));
            Sandbox sb = sandboxes.create();
            Space space = sandboxes.space(sb);
            ContainerRecord c = space.containers().create(null, ContainerConfig.builder("busybox")
                    .cmd("sh", "-c", "dd if=/dev/zero of=/data/f bs=1M count=4 2>/dev/null; exec sleep 600")
                    .mounts(List.of(new MountRequest(MountRequest.Kind.VOLUME, "kept", "/data", false))).build());
            space.containers().start(c.id());
            System.out.println("READY " + sb.id() + " " + space.containers().inspect(c.id()).state().pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    static SandboxSettings settings(Path sockets) {
        SandboxSettings d = SandboxSettings.defaults();
        return new SandboxSettings(sockets, d.dockerCli(), d.containerLimits(), d.memoryBytes(), d.pidsLimit(),
                d.cpuShares(), 5, false).withDiskBytes(64L << 20);
    }

    @Test
    void the_next_start_releases_the_disks_mounts_and_loop_devices_of_a_killed_server() throws Exception {
        Path data = Files.createTempDirectory("layerlab-killed-");
        Path sockets = Path.of("/run/layerlab/test-kill-" + data.getFileName().toString().substring(15));
        Path disks = data.resolve("sandbox-disks");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), KilledServer.class.getName(), data.toString(), sockets.toString())
                .redirectErrorStream(true).start();
        try {
            String[] ready = awaitReady(server).split(" ");
            String id = ready[0];
            long containerPid = Long.parseLong(ready[1]);
            Path image = disks.resolve(id + ".img");
            assertTrue(mountsUnder(disks).size() >= 3, "the disk, the host's and the container's overlays: " + mountsUnder(disks));
            assertFalse(losetupOf(image).isEmpty(), "a loop device backs the disk");

            server.destroyForcibly(); // SIGKILL: nothing is cleaned up
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertFalse(mountsUnder(disks).isEmpty(), "the killed server left its mounts");
            assertFalse(losetupOf(image).isEmpty(), "and its loop device");

            try (Engine engine = Engine.open(EngineSettings.defaults(data));
                 Sandboxes next = new Sandboxes(engine, settings(sockets))) {
                assertEquals(List.of(), mountsUnder(disks), "no mount of the earlier run is left");
                assertEquals("", losetupOf(image), "its loop device is released");
                assertFalse(Files.exists(image), "its disk image is deleted");
                assertTrue(next.list().isEmpty());
                for (int i = 0; i < 50 && running(containerPid); i++) {
                    Thread.sleep(100); // SIGKILLed by the recovery
                }
                assertFalse(running(containerPid), "the killed server's container process is gone");
                Sandbox fresh = next.create(); // and the engine works on
                assertEquals(1, mountsUnder(disks).stream().filter(p -> p.endsWith(fresh.id())).count());
                next.delete(fresh.id());
            }
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
            LoopDisk.releaseAll(disks); // never delete through a disk still mounted (if the test failed)
            AtomicFiles.deleteTree(data);
            AtomicFiles.deleteTree(sockets);
        }
    }

    private static String awaitReady(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                Thread reader = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // killed
                    }
                });
                reader.setDaemon(true);
                reader.start();
                return line.substring(6).strip();
            }
            seen.append(line).append('\n');
        }
        fail("the server never got ready:\n" + seen);
        return null;
    }

    /**
     * Whether {@code pid} still runs: gone, or a zombie, is not. (A zombie stays when this test JVM is a child
     * subreaper, as it is once another test opened an engine in it: the killed server's orphans are then its
     * children, and it never waits for them. In production init reaps them.)
     */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static List<Path> mountsUnder(Path dir) throws Exception {
        return dev.layerlab.runtime.sys.Mounts.mountPointsUnder(dir);
    }

    /** What {@code losetup -j} says of {@code image}: empty when no loop device backs it. */
    private static String losetupOf(Path image) throws Exception {
        Process p = new ProcessBuilder("losetup", "-j", image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }
}
