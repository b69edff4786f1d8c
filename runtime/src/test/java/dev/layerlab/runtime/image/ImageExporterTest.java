package dev.layerlab.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageExporterTest {
    @TempDir
    Path dir;
    ContentStore content;
    ImageStore store;
    Image img;

    @BeforeEach
    void open() throws IOException {
        content = new ContentStore(dir.resolve("a/content"));
        store = new ImageStore(content, dir.resolve("a/images"));
        Descriptor base = content.write(TarBuilder.layer("etc/hostname", "box"), MediaTypes.OCI_LAYER);
        Descriptor top = content.write(TarBuilder.gzip(TarBuilder.layer("app", "x")), MediaTypes.OCI_LAYER_GZIP);
        ImageConfig config = TestImages.config("2024-01-01T00:00:00Z", List.of(base));
        config = new ImageConfig(config.created(), null, "amd64", "linux", null, null, null, config.config(),
                RootFs.of(List.of(base.digest(), dev.layerlab.runtime.content.Digest.of(TarBuilder.layer("app", "x")))),
                List.of(), Map.of());
        img = store.create(config, List.of(base, top));
        store.tag(img, ImageReference.parse("app:1"));
        store.tag(img, ImageReference.parse("localhost:5000/app:1"));
    }

    private byte[] export(String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ImageExporter(content, store).export(List.of(names), out);
        return out.toByteArray();
    }

    private static Map<String, byte[]> entries(byte[] tar) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                all.put(e.getName(), in.readAllBytes());
            }
        }
        return all;
    }

    @Test
    void roundTripsThroughLoadIntoAnotherEngine() throws IOException {
        byte[] archive = export("app:1");
        ContentStore otherContent = new ContentStore(dir.resolve("b/content"));
        ImageStore other = new ImageStore(otherContent, dir.resolve("b/images"));
        List<ImageImporter.Loaded> loaded = new ImageImporter(otherContent, other).load(new ByteArrayInputStream(archive));

        assertEquals(1, loaded.size());
        Image copy = other.resolve("app:1");
        assertEquals(img.id(), copy.id());
        assertEquals(img.manifestDigest(), copy.manifestDigest(), "an OCI layout keeps the manifest as it was");
        assertEquals(List.of(ImageReference.parse("app:1")), copy.references(), "only the name asked for is saved");
        assertArrayEquals(content.read(img.layers().get(1).blob().digest()), otherContent.read(copy.layers().get(1).blob().digest()));
    }

    @Test
    void writesOciLayoutAndDockerManifest() throws IOException {
        Map<String, byte[]> entries = entries(export("app:1", "localhost:5000/app:1"));
        assertTrue(entries.containsKey("blobs/sha256/" + img.id().hex()));
        assertTrue(entries.containsKey("blobs/sha256/" + img.manifestDigest().hex()));
        assertEquals("1.0.0", Json.MAPPER.readTree(entries.get("oci-layout")).get("imageLayoutVersion").asText());

        JsonNode index = Json.MAPPER.readTree(entries.get("index.json"));
        assertEquals(2, index.get("manifests").size(), "one index entry per name");
        assertEquals("docker.io/library/app:1", index.at("/manifests/0/annotations/io.containerd.image.name").asText());
        assertEquals("1", index.at("/manifests/0/annotations/org.opencontainers.image.ref.name").asText());

        JsonNode docker = Json.MAPPER.readTree(entries.get("manifest.json"));
        assertEquals(1, docker.size());
        assertEquals("blobs/sha256/" + img.id().hex(), docker.at("/0/Config").asText());
        assertEquals("[\"app:1\",\"localhost:5000/app:1\"]", docker.at("/0/RepoTags").toString());
        assertEquals(2, docker.at("/0/Layers").size());
    }

    @Test
    void exportIsReproducible() throws IOException {
        assertArrayEquals(export("app:1"), export("app:1"));
    }

    @Test
    void exportByIdCarriesNoNames() throws IOException {
        Map<String, byte[]> entries = entries(export(img.id().shortId()));
        JsonNode docker = Json.MAPPER.readTree(entries.get("manifest.json"));
        JsonNode repoTags = docker.at("/0/RepoTags");
        assertTrue(repoTags.isMissingNode() || repoTags.isNull(), repoTags.toString());
        assertTrue(Json.MAPPER.readTree(entries.get("index.json")).at("/manifests/0/annotations").isMissingNode());
    }

    @Test
    void unknownImageIsNotFound() {
        assertEquals("No such image: ghost:latest",
                assertThrows(NotFoundException.class, () -> export("ghost")).getMessage());
    }
}
