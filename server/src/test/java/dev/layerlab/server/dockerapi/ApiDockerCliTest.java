package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real docker CLI (Debian's 20.10 client) against our server and stub handlers. */
@Timeout(60)
class ApiDockerCliTest {
    static final Path DOCKER = Path.of("/var/cache/layerlab/docker-cli/docker");

    @TempDir
    Path dir;
    ApiServer server;
    final AtomicReference<String> infoVersion = new AtomicReference<>();
    final AtomicReference<String> removed = new AtomicReference<>();

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(DOCKER), "the docker CLI is installed by scripts/ host setup at " + DOCKER);
        ApiRouter router = new ApiRouter();
        router.get("/info", ex -> {
            infoVersion.set(ex.apiVersion().toString());
            ex.respond(200, Map.of("Name", "sandbox-1", "ServerVersion", SystemHandlers.ENGINE_VERSION,
                    "Containers", 3, "OperatingSystem", "layerlab"));
        });
        router.get("/images/{name}/json", ex -> {
            throw new NotFoundException("No such image: " + ex.param("name"));
        });
        router.post("/images/{name}/tag", ex -> {
            throw new NotFoundException("No such image: " + ex.param("name"));
        });
        router.delete("/images/{name}", ex -> {
            removed.set(ex.param("name") + " force=" + ex.query().bool("force"));
            throw new ConflictException("conflict: unable to remove repository reference \"" + ex.param("name") + "\"");
        });
        server = ApiServer.start(dir.resolve("api.sock"), router);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private Result docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DOCKER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("DOCKER_"));
        pb.environment().put("DOCKER_HOST", "unix://" + server.socketPath());
        pb.environment().put("DOCKER_CONFIG", dir.resolve("config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "docker " + String.join(" ", args) + " did not finish");
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dockerVersionNegotiatesAndShowsTheServer() throws Exception {
        Result r = docker("version");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        // The client column: 1.41 is the 20.10 maximum, kept because our ping said 1.44. Without the
        // Api-Version header it would show "1.24 (downgraded from 1.41)".
        assertTrue(r.out().matches("(?s).*Client:.*\n API version: +1\\.41\n.*"), r.out());
        assertFalse(r.out().contains("downgraded"), r.out());
        assertTrue(r.out().contains("Server: layerlab"), r.out());
        assertTrue(r.out().matches("(?s).*Engine:\n +Version: +20\\.10\\.24-layerlab\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*API version: +1\\.44 \\(minimum version 1\\.24\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*OS/Arch: +linux/" + SystemHandlers.arch() + "\n.*"), r.out());
    }

    @Test
    void dockerInfoReachesAStubHandlerAtTheNegotiatedVersion() throws Exception {
        Result r = docker("info");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" Name: sandbox-1\n"), r.out());
        assertTrue(r.out().contains(" Server Version: 20.10.24-layerlab\n"), r.out());
        assertTrue(r.out().contains(" Containers: 3\n"), r.out());
        assertEquals("1.41", infoVersion.get());
    }

    @Test
    void errorsRenderAsTheDaemonsMessage() throws Exception {
        Result tag = docker("tag", "missing", "other");
        assertEquals(1, tag.exit());
        assertEquals("Error response from daemon: No such image: missing\n", tag.err());

        Result rmi = docker("rmi", "-f", "localhost:5000/a/b:tag");
        assertEquals(1, rmi.exit());
        assertEquals("Error response from daemon: conflict: unable to remove repository reference \"localhost:5000/a/b:tag\"\n", rmi.err());
        assertEquals("localhost:5000/a/b:tag force=true", removed.get());
    }

    @Test
    void inspectTurnsA404IntoItsOwnNotFoundMessage() throws Exception {
        // For inspect the CLI replaces a 404's body with its own wording; the status alone matters.
        Result r = docker("image", "inspect", "nothing");
        assertEquals(1, r.exit());
        assertEquals("Error: No such image: nothing\n", r.err());
        assertEquals("[]\n", r.out());
    }
}
