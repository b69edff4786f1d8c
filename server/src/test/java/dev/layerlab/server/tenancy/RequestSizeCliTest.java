package dev.layerlab.server.tenancy;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a learner sends is bounded before it is held in memory: the JSON files of a {@code docker load}
 * archive (8 MiB together), a JSON request body (1 MiB), a container's or exec's environment (256 KiB).
 * Each refusal says the limit, and nothing is left behind.
 */
class RequestSizeCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private Path archive(String name, Map<String, byte[]> entries) throws Exception {
        Path file = fx.data.resolve(name + ".tar");
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    /** Valid JSON of about {@code bytes}: a string value padded out. */
    private static byte[] jsonOf(int bytes) {
        return ("{\"pad\":\"" + "a".repeat(bytes - 10) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_load_whose_manifest_is_huge_is_refused_before_it_is_read() throws Exception {
        byte[] manifest = ("[" + " ".repeat(20 << 20) + "]").getBytes(StandardCharsets.UTF_8);
        int tagsBefore = fx.space().images().list().size();
        CliResult r = fx.cli.run("load", "-i", archive("huge-manifest", Map.of("manifest.json", manifest)).toString());
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("invalid archive: manifest.json is 20971522 bytes, and an image archive's JSON files"
                + " (manifest.json, repositories, configs, index.json) may be 8 MiB in total"), r.stdout() + r.stderr());
        assertEquals(tagsBefore, fx.space().images().list().size());
    }

    @Test
    void a_loads_json_files_are_bounded_in_total_not_only_each() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("repositories", jsonOf(5 << 20));
        entries.put("big-config.json", jsonOf(5 << 20));
        entries.put("manifest.json", "[{\"Config\":\"big-config.json\",\"RepoTags\":[\"big:1\"],\"Layers\":[]}]"
                .getBytes(StandardCharsets.UTF_8));
        CliResult r = fx.cli.run("load", "-i", archive("many-json", entries).toString());
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("big-config.json is") && r.stderr().contains("may be 8 MiB in total"),
                r.stdout() + r.stderr());
        assertTrue(fx.cli.run("image", "inspect", "big:1").exitCode() != 0, "nothing was loaded");
    }

    @Test
    void a_json_body_over_one_mebibyte_is_a_400_naming_the_limit() throws Exception {
        String out = fx.ok("""
                { printf '{"Image":"busybox","Labels":{"x":"'; head -c 2000000 /dev/zero | tr '\\0' a; printf '"}}'; } > /tmp/big.json
                curl -s --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' --data-binary @/tmp/big.json \
                    -w ' %{http_code}' http://docker/containers/create?name=big-body
                """).stdout();
        assertTrue(out.endsWith(" 400") && out.contains("JSON bodies of at most 1 MiB"), out);
        assertTrue(fx.space().containers().list().stream().noneMatch(c -> c.name().equals("big-body")));
    }

    @Test
    void an_environment_over_256_kib_is_refused_for_run_and_exec() throws Exception {
        Path envFile = fx.data.resolve("big.env");
        StringBuilder env = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            env.append("VAR").append(i).append('=').append("v".repeat(1000)).append('\n');
        }
        Files.writeString(envFile, env);
        CliResult run = fx.cli.run("run", "--rm", "--name", "big-env", "--env-file", envFile.toString(), "busybox", "true");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("Error response from daemon: Env is") && run.stderr().contains("at most 256 KiB"),
                run.stderr());
        assertTrue(fx.space().containers().list().stream().noneMatch(c -> c.name().equals("big-env")));

        assertEquals(0, fx.cli.run("run", "-d", "--name", "env-host", "busybox", "sleep", "60").exitCode());
        String exec = fx.ok("""
                { printf '{"Cmd":["true"],"Env":["E='; head -c 300000 /dev/zero | tr '\\0' e; printf '"]}'; } > /tmp/exec.json
                curl -s --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' --data-binary @/tmp/exec.json \
                    -w ' %{http_code}' http://docker/containers/env-host/exec
                """).stdout();
        assertTrue(exec.endsWith(" 400") && exec.contains("at most 256 KiB"), exec);
        fx.cli.run("rm", "-f", "env-host");
    }
}
