package dev.layerlab.runtime.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.runc.RuncException;
import dev.layerlab.runtime.runc.RuncIo;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Syscalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Runc#start} without a runc process: a created container runs once it returns, and runc itself
 * sees it running; a dead init and a second start are errors, not hangs.
 */
class RuncStartTest {
    static Path dir;
    static Path bundle;
    static Runc runc;

    @BeforeAll
    static void bundle() throws Exception {
        Syscalls.becomeSubreaper();
        dir = Files.createTempDirectory("layerlab-runc-start-");
        runc = new Runc("runc", Path.of("/run/layerlab-test-start-" + dir.getFileName().toString().substring(20)));
        Files.createDirectories(runc.stateRoot());
        bundle = dir.resolve("bundle");
        Path rootfs = BusyboxRootfs.create(bundle.resolve("rootfs"));
        Process spec = new ProcessBuilder("runc", "spec", "--bundle", bundle.toString()).inheritIO().start();
        assertEquals(0, spec.waitFor());
        ObjectNode config = (ObjectNode) Json.MAPPER.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.put("terminal", false);
        ArrayNode args = process.putArray("args");
        args.add("sleep").add("30");
        ((ObjectNode) config.get("root")).put("path", rootfs.toString());
        Json.MAPPER.writeValue(bundle.resolve("config.json").toFile(), config);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        for (String id : runc.list()) {
            runc.delete(id, true);
        }
        AtomicFiles.deleteTree(dir);
        AtomicFiles.deleteTree(runc.stateRoot());
    }

    private int create(String id) throws IOException {
        Fd[] in = Syscalls.pipe();
        Fd[] out = Syscalls.pipe();
        try {
            return runc.create(id, bundle, new RuncIo.Pipes(in[0], out[1], out[1]), dir.resolve(id + ".pid"), dir.resolve(id + ".log"));
        } finally {
            for (Fd fd : new Fd[]{in[0], in[1], out[0], out[1]}) {
                fd.close();
            }
        }
    }

    @Test
    void a_started_container_runs_its_process_and_runc_sees_it_running() throws Exception {
        String id = "s" + UUID.randomUUID().toString().substring(0, 8);
        int pid = create(id);
        assertEquals("created", runc.state(id).path("status").asText());
        assertEquals("runc:[2:INIT]", Files.readString(Path.of("/proc/" + pid + "/comm")).strip());
        runc.start(id, pid);
        // start returns once init has closed the fifo, which exec does just before it renames the process
        assertEquals("sleep", commWithin(pid, 2_000), "the container's process runs");
        assertEquals("running", runc.state(id).path("status").asText());
        RuncException again = assertThrows(RuncException.class, () -> runc.start(id, pid));
        assertEquals("cannot start an already running container", again.getMessage());
        runc.delete(id, true);
        Syscalls.waitForExit(pid);
    }

    private static String commWithin(int pid, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        String comm;
        do {
            comm = Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } while (!comm.equals("sleep") && System.currentTimeMillis() < deadline && sleep());
        return comm;
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(1);
        return true;
    }

    @Test
    void a_container_whose_init_died_is_an_error_at_once() throws Exception {
        String id = "d" + UUID.randomUUID().toString().substring(0, 8);
        int pid = create(id);
        Syscalls.kill(pid, 9);
        Syscalls.awaitExitWithoutReaping(pid);
        long started = System.nanoTime();
        RuncException dead = assertThrows(RuncException.class, () -> runc.start(id, pid));
        assertTrue(dead.getMessage().contains("already dead"), dead.getMessage());
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "no wait for the start timeout");
        Syscalls.waitForExit(pid);
        runc.delete(id, true);
    }
}
