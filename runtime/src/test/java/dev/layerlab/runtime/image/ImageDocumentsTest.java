package dev.layerlab.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.io.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDocumentsTest {
    private static final String D1 = "sha256:" + "a".repeat(64);
    private static final String D2 = "sha256:" + "b".repeat(64);

    /** A config as Docker writes it, with fields this model does not know. */
    private static final String DOCKER_CONFIG = """
            {"architecture":"amd64","config":{"Hostname":"","User":"app","ExposedPorts":{"443/tcp":{},"80/tcp":{}},\
            "Env":["PATH=/usr/bin"],"Cmd":["nginx","-g","daemon off;"],"Volumes":{"/data":{}},"WorkingDir":"/srv",\
            "Labels":{"maintainer":"me"},"StopSignal":"SIGQUIT","ArgsEscaped":true,\
            "Healthcheck":{"Test":["CMD","true"],"Interval":30000000000},"OnBuild":null,"Shell":["/bin/sh","-c"]},\
            "container_config":{"Cmd":["/bin/sh"]},"created":"2024-01-02T03:04:05.123456789Z","docker_version":"24.0.7",\
            "history":[{"created":"2024-01-02T03:04:05Z","created_by":"ADD file in /"},\
            {"created":"2024-01-02T03:04:06Z","created_by":"CMD [\\"nginx\\"]","empty_layer":true}],\
            "os":"linux","rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(D1);

    @Test
    void readsDockerConfigWithCapitalisedKeys() throws Exception {
        ImageConfig c = Json.read(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8), ImageConfig.class);
        assertEquals("amd64", c.architecture());
        assertEquals("2024-01-02T03:04:05.123456789Z", c.created());
        ContainerDefaults d = c.config();
        assertEquals("app", d.user());
        assertEquals(Set.of("80/tcp", "443/tcp"), d.exposedPorts());
        assertEquals(List.of("nginx", "-g", "daemon off;"), d.cmd());
        assertEquals(Set.of("/data"), d.volumes());
        assertEquals("/srv", d.workingDir());
        assertEquals(Map.of("maintainer", "me"), d.labels());
        assertEquals("SIGQUIT", d.stopSignal());
        assertTrue(d.argsEscaped());
        assertEquals(30000000000L, d.healthcheck().get("Interval").asLong());
        assertNull(d.onBuild());
        assertEquals(List.of(Digest.parse(D1)), c.diffIds());
        assertTrue(c.history().get(0).producesLayer());
        assertFalse(c.history().get(1).producesLayer());
    }

    @Test
    void unknownFieldsRoundTrip() throws Exception {
        ImageConfig c = Json.read(DOCKER_CONFIG.getBytes(StandardCharsets.UTF_8), ImageConfig.class);
        JsonNode again = Json.MAPPER.readTree(Json.toBytes(c));
        JsonNode original = Json.MAPPER.readTree(DOCKER_CONFIG);
        assertEquals(original.get("container_config"), again.get("container_config"));
        assertEquals("24.0.7", again.get("docker_version").asText());
        assertFalse(again.has("diffIds"), "helper methods must not become JSON properties");
        assertFalse(again.has("other"));
        assertEquals("", again.get("config").get("Hostname").asText());
        assertEquals(original.get("config").get("ExposedPorts"), again.get("config").get("ExposedPorts"));
        assertEquals(original.get("config").get("Healthcheck"), again.get("config").get("Healthcheck"));
        assertEquals(original.get("rootfs"), again.get("rootfs"));
        assertEquals(original.get("history"), again.get("history"));
        // a re-read of our own output must be equal to the first reading
        assertEquals(c, Json.read(Json.toBytes(c), ImageConfig.class));
    }

    @Test
    void serialisesEmptySetsAsGoDoesAndOmitsNulls() {
        ContainerDefaults d = new ContainerDefaults(null, Set.of("8080/tcp"), null, null, List.of("sh"), null,
                null, null, null, null, null, null, null, null);
        assertEquals("{\"ExposedPorts\":{\"8080/tcp\":{}},\"Cmd\":[\"sh\"]}", new String(Json.toBytes(d), StandardCharsets.UTF_8));
    }

    @Test
    void manifestWireFormatIsExact() throws Exception {
        ImageManifest m = new ImageManifest(2, MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse(D1), 12),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.parse(D2), 34)), null);
        String json = new String(Json.toBytes(m), StandardCharsets.UTF_8);
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + D1 + "\",\"size\":12},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.OCI_LAYER_GZIP + "\",\"digest\":\"" + D2 + "\",\"size\":34}]}", json);
        assertEquals(m, Json.read(json.getBytes(StandardCharsets.UTF_8), ImageManifest.class));
    }

    @Test
    void indexKeepsPlatformAndAnnotations() throws Exception {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7,
                 "annotations":{"org.opencontainers.image.ref.name":"1.0"},
                 "platform":{"architecture":"arm64","os":"linux","variant":"v8"},"newField":1}]}""".formatted(D1);
        ImageIndex idx = Json.read(json.getBytes(StandardCharsets.UTF_8), ImageIndex.class);
        Descriptor d = idx.manifests().get(0);
        assertEquals("linux/arm64/v8", d.platform().toString());
        assertEquals("1.0", d.annotation("org.opencontainers.image.ref.name"));
        assertEquals(7, d.size());
        JsonNode again = Json.MAPPER.readTree(Json.toBytes(idx));
        assertEquals("arm64", again.at("/manifests/0/platform/architecture").asText());
        assertEquals(D1, again.at("/manifests/0/digest").asText());
    }
}
