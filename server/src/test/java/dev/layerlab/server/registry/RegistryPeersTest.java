package dev.layerlab.server.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.ImageExporter;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real peers: Debian's skopeo copies the engine's busybox into the built-in registry with a learner's
 * credentials and back out, and copies between the built-in registry and Debian's docker-registry (the CNCF
 * distribution registry 2.8) started here on loopback, both ways, digests unchanged.
 */
class RegistryPeersTest {
    static Path dir;
    static Engine engine;
    static Javalin app;
    static RegistryAccounts.Account alice;
    static RegistryAccounts.Account bob;
    static Process distribution;
    static int distributionPort;
    static Path busyboxTar;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("layerlab-registry-peers-");
        engine = Engine.open(EngineSettings.defaults(dir.resolve("data")));
        engine.baseImages().ensureBusybox();
        busyboxTar = dir.resolve("busybox.tar");
        try (OutputStream out = Files.newOutputStream(busyboxTar)) {
            new ImageExporter(engine.content(), engine.defaultSpace().images()).export(List.of("busybox:latest"), out);
        }
        RegistryAccounts accounts = RegistryAccounts.load(dir);
        alice = accounts.ensure("learner-a", "alice");
        bob = accounts.ensure("learner-b", "bob");
        Access access = new Access(OperatorToken.loadOrCreate(dir), new OriginPolicy(List.of()));
        RegistryRoutes routes = new RegistryRoutes(engine.registry(), accounts, new RegistryTokens(Clock.systemUTC()));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            access.register(config);
            routes.register(config);
        }).start("127.0.0.1", 0);
        startDistribution();
    }

    /** Debian's docker-registry on a free loopback port, its storage and config in the test's directory. */
    static void startDistribution() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            distributionPort = s.getLocalPort();
        }
        Path config = dir.resolve("distribution.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("distribution-store"), distributionPort));
        distribution = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("distribution.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + distributionPort + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        fail("docker-registry did not start: " + Files.readString(dir.resolve("distribution.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (distribution != null) {
            distribution.destroy();
            distribution.waitFor(10, TimeUnit.SECONDS);
        }
        if (app != null) {
            app.stop();
        }
        if (engine != null) {
            engine.close();
        }
        AtomicFiles.deleteTree(dir);
    }

    record Run(int exit, String output) {
    }

    static Run skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--registries-conf", dir.resolve("registries.conf").toString()));
        Files.writeString(dir.resolve("registries.conf"), "");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "skopeo hung: " + out);
        return new Run(p.exitValue(), out);
    }

    static String ours(String ref) {
        return "docker://127.0.0.1:" + app.port() + "/" + ref;
    }

    static String theirs(String ref) {
        return "docker://127.0.0.1:" + distributionPort + "/" + ref;
    }

    static String creds(RegistryAccounts.Account a) {
        return a.name() + ":" + a.token();
    }

    static JsonNode inspect(String image) throws Exception {
        Run run = skopeo("inspect", "--tls-verify=false", image);
        assertEquals(0, run.exit(), run.output());
        return Json.MAPPER.readTree(run.output());
    }

    static String rawManifest(String image) throws Exception {
        Run run = skopeo("inspect", "--raw", "--tls-verify=false", image);
        assertEquals(0, run.exit(), run.output());
        return run.output();
    }

    @Test
    void skopeo_copies_the_engines_busybox_in_with_credentials_and_back_out() throws Exception {
        Run in = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(alice), "docker-archive:" + busyboxTar,
                ours("alice/busybox:1"));
        assertEquals(0, in.exit(), in.output());
        JsonNode info = inspect(ours("alice/busybox:1")); // anonymous: anyone may pull
        assertEquals("alice/busybox", info.get("Name").asText().replaceFirst("^127\\.0\\.0\\.1:\\d+/", ""));
        assertEquals(List.of("1"), Json.MAPPER.convertValue(info.get("RepoTags"), List.class));
        assertEquals("linux", info.get("Os").asText());
        Digest manifest = Digest.parse(info.get("Digest").asText());
        assertTrue(engine.content().has(manifest), "the registry's manifest is in the engine's content store");
        for (JsonNode layer : info.get("Layers")) {
            assertTrue(engine.content().has(Digest.parse(layer.asText())));
        }

        Path out = dir.resolve("busybox-oci");
        Run back = skopeo("copy", "--src-tls-verify=false", ours("alice/busybox:1"), "oci:" + out + ":1");
        assertEquals(0, back.exit(), back.output());
        JsonNode index = Json.MAPPER.readTree(out.resolve("index.json").toFile());
        assertEquals(1, index.get("manifests").size());

        // the same image again, to another repository: not one blob more on disk
        Set<Digest> before = engine.content().list();
        Run again = skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", creds(alice),
                ours("alice/busybox:1"), ours("alice/copy:1"));
        assertEquals(0, again.exit(), again.output());
        assertEquals(before, engine.content().list());
        assertEquals(rawManifest(ours("alice/busybox:1")), rawManifest(ours("alice/copy:1")));
    }

    @Test
    void a_bad_login_and_a_push_into_someone_elses_namespace_are_refused() throws Exception {
        Run wrong = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "alice:" + bob.token(), "docker-archive:" + busyboxTar,
                ours("alice/nope:1"));
        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.output().toLowerCase().contains("unauthorized") || wrong.output().contains("401"), wrong.output());
        Run foreign = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(bob), "docker-archive:" + busyboxTar,
                ours("alice/nope:1"));
        assertNotEquals(0, foreign.exit());
        assertTrue(foreign.output().contains("denied"), foreign.output());
        assertFalse(engine.registry().catalog(null, null).items().contains("alice/nope"));
    }

    @Test
    void skopeo_copies_between_the_built_in_registry_and_distribution_both_ways() throws Exception {
        Run seed = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds(bob), "docker-archive:" + busyboxTar,
                ours("bob/busybox:v1"));
        assertEquals(0, seed.exit(), seed.output());
        String original = rawManifest(ours("bob/busybox:v1"));

        Run out = skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", ours("bob/busybox:v1"), theirs("library/busybox:v1"));
        assertEquals(0, out.exit(), out.output());
        assertEquals(original, rawManifest(theirs("library/busybox:v1")), "distribution holds the same manifest bytes");

        Run in = skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", creds(bob),
                theirs("library/busybox:v1"), ours("bob/from-distribution:v1"));
        assertEquals(0, in.exit(), in.output());
        assertEquals(original, rawManifest(ours("bob/from-distribution:v1")));
        assertEquals(inspect(theirs("library/busybox:v1")).get("Digest"), inspect(ours("bob/from-distribution:v1")).get("Digest"));

        // an OCI-format copy from distribution into ours, and the tag list as skopeo reads it
        Run oci = skopeo("copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--dest-creds", creds(bob), "--format", "oci",
                theirs("library/busybox:v1"), ours("bob/from-distribution:oci"));
        assertEquals(0, oci.exit(), oci.output());
        assertTrue(rawManifest(ours("bob/from-distribution:oci")).contains("application/vnd.oci.image.manifest.v1+json"));
        Run tags = skopeo("list-tags", "--tls-verify=false", ours("bob/from-distribution"));
        assertEquals(0, tags.exit(), tags.output());
        assertEquals(List.of("oci", "v1"), Json.MAPPER.convertValue(Json.MAPPER.readTree(tags.output()).get("Tags"), List.class));
    }
}
