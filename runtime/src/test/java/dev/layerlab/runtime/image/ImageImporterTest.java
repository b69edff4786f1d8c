package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.content.Platform;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageImporterTest {
    @TempDir
    Path dir;
    ContentStore content;
    ImageStore store;
    ImageImporter importer;

    @BeforeEach
    void open() throws IOException {
        content = new ContentStore(dir.resolve("content"));
        store = new ImageStore(content, dir.resolve("images"));
        importer = new ImageImporter(content, store);
    }

    private List<ImageImporter.Loaded> load(byte[] archive) throws IOException {
        return importer.load(new ByteArrayInputStream(archive));
    }

    private static byte[] configFor(byte[]... uncompressedLayers) {
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] l : uncompressedLayers) {
            diffIds.add(Digest.of(l));
        }
        return Json.toBytes(new ImageConfig("2024-03-04T05:06:07Z", null, "amd64", "linux", null, null, null,
                new ContainerDefaults(null, null, List.of("PATH=/bin"), null, List.of("sh"), null, null, null,
                        null, null, null, null, null, null),
                RootFs.of(diffIds), List.of(), Map.of()));
    }

    /** The classic docker save layout: {@code <id>/layer.tar}, {@code <config hex>.json}, manifest.json last. */
    private static TarBuilder dockerSave(byte[] config, List<String> repoTags, byte[]... layers) {
        TarBuilder tar = new TarBuilder();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            String id = Digest.of(("layer-id-" + i).getBytes()).hex();
            tar.dir(id).file(id + "/VERSION", "1.0").file(id + "/json", "{}").file(id + "/layer.tar", layers[i]);
            paths.add(id + "/layer.tar");
        }
        String configName = Digest.of(config).hex() + ".json";
        tar.file(configName, config);
        tar.file("manifest.json", Json.toBytes(List.of(Map.of("Config", configName, "RepoTags", repoTags, "Layers", paths))));
        tar.file("repositories", "{}");
        return tar;
    }

    @Test
    void loadsDockerSaveArchive() throws IOException {
        byte[] base = TarBuilder.layer("etc/os-release", "ID=test");
        byte[] top = TarBuilder.layer("app/run.sh", "echo hi");
        byte[] config = configFor(base, top);
        List<ImageImporter.Loaded> loaded = load(dockerSave(config, List.of("busybox:latest", "localhost:5000/bb:1"), base, top).build());

        assertEquals(1, loaded.size());
        Image img = loaded.get(0).image();
        assertEquals(Digest.of(config), img.id(), "image ID is the config digest, as in Docker");
        assertEquals(List.of(ImageReference.parse("busybox"), ImageReference.parse("localhost:5000/bb:1")), loaded.get(0).tags());
        assertEquals(img.id(), store.resolve("busybox:latest").id());
        assertEquals(img.id(), store.resolve("localhost:5000/bb:1").id());
        assertEquals(MediaTypes.DOCKER_MANIFEST, img.manifest().mediaType());
        assertEquals(List.of(Digest.of(base), Digest.of(top)), img.layers().stream().map(l -> l.blob().digest()).toList());
        assertEquals(List.of(Digest.of(base), Digest.of(top)), img.layers().stream().map(Image.Layer::diffId).toList());
        assertEquals(MediaTypes.DOCKER_LAYER, img.layers().get(0).blob().mediaType());
        assertArrayEquals(top, content.read(Digest.of(top)));
        assertArrayEquals(config, content.read(img.id()), "config bytes kept exactly");
        assertEquals(List.of("sh"), img.config().config().cmd());
    }

    @Test
    void loadingTheSameArchiveTwiceGivesTheSameImage() throws IOException {
        byte[] layer = TarBuilder.layer("f", "x");
        byte[] archive = dockerSave(configFor(layer), List.of("a:1"), layer).build();
        Image first = load(archive).get(0).image();
        Image second = load(archive).get(0).image();
        assertEquals(first.manifestDigest(), second.manifestDigest());
        assertEquals(1, store.list().size());
    }

    @Test
    void followsDockerSaveLayerSymlinksAndReadsCompressedLayers() throws IOException {
        byte[] shared = TarBuilder.layer("shared", "s");
        byte[] own = TarBuilder.layer("own", "o");
        byte[] configA = configFor(shared);
        byte[] configB = configFor(shared, own);
        String a = Digest.of(configA).hex() + ".json";
        String b = Digest.of(configB).hex() + ".json";
        byte[] archive = new TarBuilder()
                .file("l1/layer.tar", shared)
                .symlink("l2/layer.tar", "../l1/layer.tar") // how docker save stores a layer twice
                .file("l3/layer.tar", TarBuilder.gzip(own))
                .file(a, configA).file(b, configB)
                .file("manifest.json", Json.toBytes(List.of(
                        Map.of("Config", a, "RepoTags", List.of("a:1"), "Layers", List.of("l1/layer.tar")),
                        Map.of("Config", b, "RepoTags", List.of("b:1"), "Layers", List.of("l2/layer.tar", "l3/layer.tar")))))
                .build();
        load(archive);
        Image imgB = store.resolve("b:1");
        assertEquals(Digest.of(shared), imgB.layers().get(0).blob().digest());
        assertEquals(MediaTypes.DOCKER_LAYER_GZIP, imgB.layers().get(1).blob().mediaType());
        assertEquals(Digest.of(own), imgB.layers().get(1).diffId());
        assertEquals(Digest.of(TarBuilder.gzip(own)), imgB.layers().get(1).blob().digest());
        assertEquals(Digest.of(configA), store.resolve("a:1").id());
    }

    @Test
    void layerThatIsNotWhatTheConfigSaysIsRefusedAndNothingIsTagged() throws IOException {
        byte[] real = TarBuilder.layer("f", "real");
        byte[] config = configFor(TarBuilder.layer("f", "expected"));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> load(dockerSave(config, List.of("bad:1"), real).build()));
        assertTrue(e.getMessage().contains("diffID"), e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void configWhoseNameIsNotItsDigestIsRefused() throws IOException {
        byte[] layer = TarBuilder.layer("f", "x");
        byte[] config = configFor(layer);
        String wrongName = "0".repeat(64) + ".json";
        byte[] archive = new TarBuilder().file("l/layer.tar", layer).file(wrongName, config)
                .file("manifest.json", Json.toBytes(List.of(Map.of("Config", wrongName, "Layers", List.of("l/layer.tar")))))
                .build();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> load(archive));
        assertTrue(e.getMessage().contains("digest mismatch"), e.getMessage());
    }

    @Test
    void missingLayerFileIsRefused() throws IOException {
        byte[] layer = TarBuilder.layer("f", "x");
        String cfg = Digest.of(configFor(layer)).hex() + ".json";
        byte[] archive = new TarBuilder().file(cfg, configFor(layer))
                .file("manifest.json", Json.toBytes(List.of(Map.of("Config", cfg, "RepoTags", List.of("m:1"),
                        "Layers", List.of("gone/layer.tar")))))
                .build();
        assertEquals("invalid archive: gone/layer.tar is missing",
                assertThrows(InvalidArgumentException.class, () -> load(archive)).getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void oneBadImageKeepsTheWholeArchiveOut() throws IOException {
        byte[] good = TarBuilder.layer("g", "good");
        byte[] configGood = configFor(good);
        byte[] configBad = configFor(TarBuilder.layer("x", "other"));
        String g = Digest.of(configGood).hex() + ".json";
        String b = Digest.of(configBad).hex() + ".json";
        byte[] archive = new TarBuilder().file("g/layer.tar", good).file(g, configGood).file(b, configBad)
                .file("manifest.json", Json.toBytes(List.of(
                        Map.of("Config", g, "RepoTags", List.of("good:1"), "Layers", List.of("g/layer.tar")),
                        Map.of("Config", b, "RepoTags", List.of("bad:1"), "Layers", List.of("g/layer.tar")))))
                .build();
        assertThrows(InvalidArgumentException.class, () -> load(archive));
        assertEquals(List.of(), store.list(), "the good image was not registered either");
    }

    @Test
    void invalidRepoTagIsRefusedBeforeAnythingIsRegistered() throws IOException {
        byte[] layer = TarBuilder.layer("f", "x");
        assertThrows(InvalidArgumentException.class,
                () -> load(dockerSave(configFor(layer), List.of("ok:1", "Bad:Name"), layer).build()));
        assertEquals(List.of(), store.list());
    }

    @Test
    void refusesEntriesEscapingTheArchive() {
        byte[] layer = TarBuilder.layer("f", "x");
        for (byte[] archive : List.of(
                dockerSave(configFor(layer), List.of("a:1"), layer).file("../evil", "x").build(),
                dockerSave(configFor(layer), List.of("a:1"), layer).file("/etc/evil", "x").build(),
                dockerSave(configFor(layer), List.of("a:1"), layer).file("ok/../../evil", "x").build(),
                dockerSave(configFor(layer), List.of("a:1"), layer).symlink("x/layer.tar", "../../etc/shadow").build(),
                dockerSave(configFor(layer), List.of("a:1"), layer).symlink("y/layer.tar", "/etc/shadow").build(),
                dockerSave(configFor(layer), List.of("a:1"), layer).link("z", "../outside", TarArchiveEntry.LF_LINK).build())) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> load(archive));
            assertTrue(e.getMessage().contains("outside the archive"), e.getMessage());
        }
        assertEquals(List.of(), store.list());
    }

    @Test
    void manifestPathsMayNotEscapeEither() {
        byte[] layer = TarBuilder.layer("f", "x");
        String cfg = Digest.of(configFor(layer)).hex() + ".json";
        byte[] archive = new TarBuilder().file(cfg, configFor(layer))
                .file("manifest.json", Json.toBytes(List.of(Map.of("Config", cfg, "Layers", List.of("../../layer.tar")))))
                .build();
        assertThrows(InvalidArgumentException.class, () -> load(archive));
    }

    @Test
    void archiveWithoutManifestIsRefused() {
        assertEquals("invalid archive: neither index.json nor manifest.json found",
                assertThrows(InvalidArgumentException.class,
                        () -> load(new TarBuilder().file("hello", "world").build())).getMessage());
    }

    @Test
    void gzippedArchiveLoads() throws IOException {
        byte[] layer = TarBuilder.layer("f", "x");
        load(TarBuilder.gzip(dockerSave(configFor(layer), List.of("zipped:1"), layer).build()));
        assertEquals(Digest.of(configFor(layer)), store.resolve("zipped:1").id());
    }

    // ---- OCI image layout ----

    private record Blob(Descriptor descriptor, byte[] data) {
    }

    private static Blob blob(String mediaType, byte[] data) {
        return new Blob(new Descriptor(mediaType, Digest.of(data), data.length), data);
    }

    private static Blob ociManifest(Blob config, Blob... layers) {
        List<Descriptor> ls = new ArrayList<>();
        for (Blob l : layers) {
            ls.add(l.descriptor());
        }
        return blob(MediaTypes.OCI_MANIFEST, Json.toBytes(new ImageManifest(2, MediaTypes.OCI_MANIFEST, config.descriptor(), ls, null)));
    }

    private static TarBuilder ociLayout(List<Descriptor> index, Blob... blobs) {
        TarBuilder tar = new TarBuilder().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}").dir("blobs").dir("blobs/sha256");
        for (Blob b : blobs) {
            tar.file("blobs/sha256/" + b.descriptor().digest().hex(), b.data());
        }
        return tar.file("index.json", Json.toBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, index, null)));
    }

    @Test
    void loadsOciLayoutKeepingTheManifestDigest() throws IOException {
        byte[] raw = TarBuilder.layer("bin/app", "binary");
        Blob layer = blob(MediaTypes.OCI_LAYER_GZIP, TarBuilder.gzip(raw));
        Blob config = blob(MediaTypes.OCI_CONFIG, configFor(raw));
        Blob manifest = ociManifest(config, layer);
        Descriptor named = manifest.descriptor().withAnnotations(Map.of(
                OciLayoutFormat.IMAGE_NAME, "docker.io/team/app:2.0", OciLayoutFormat.REF_NAME, "2.0"));
        Descriptor tagOnly = manifest.descriptor().withAnnotations(Map.of(OciLayoutFormat.REF_NAME, "stable"));
        Descriptor fullRefName = manifest.descriptor().withAnnotations(Map.of(OciLayoutFormat.REF_NAME, "ghcr.io/o/app:3"));

        List<ImageImporter.Loaded> loaded = load(ociLayout(List.of(named, tagOnly, fullRefName), layer, config, manifest).build());
        assertEquals(1, loaded.size(), "one manifest listed three times is one image");
        Image img = store.resolve("team/app:2.0");
        assertEquals(manifest.descriptor().digest(), img.manifestDigest());
        assertEquals(config.descriptor().digest(), img.id());
        assertEquals(Digest.of(raw), img.layers().get(0).diffId());
        assertEquals(List.of(ImageReference.parse("team/app:2.0"), ImageReference.parse("ghcr.io/o/app:3")), img.references(),
                "a bare ref.name tag names no repository");
    }

    @Test
    void ociBlobWhoseContentIsNotItsNameIsRefused() throws IOException {
        byte[] raw = TarBuilder.layer("f", "x");
        Blob layer = blob(MediaTypes.OCI_LAYER, raw);
        Blob config = blob(MediaTypes.OCI_CONFIG, configFor(raw));
        Blob manifest = ociManifest(config, layer);
        Blob corrupt = new Blob(layer.descriptor(), TarBuilder.layer("f", "tampered"));
        byte[] archive = ociLayout(List.of(manifest.descriptor().withAnnotations(Map.of(OciLayoutFormat.IMAGE_NAME, "c:1"))),
                corrupt, config, manifest).build();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> load(archive));
        assertTrue(e.getMessage().startsWith("digest mismatch: expected " + layer.descriptor().digest()), e.getMessage());
        assertEquals(List.of(), store.list());
        assertTrue(!content.has(layer.descriptor().digest()));
    }

    @Test
    void ociMissingBlobIsRefused() throws IOException {
        byte[] raw = TarBuilder.layer("f", "x");
        Blob layer = blob(MediaTypes.OCI_LAYER, raw);
        Blob config = blob(MediaTypes.OCI_CONFIG, configFor(raw));
        Blob manifest = ociManifest(config, layer);
        byte[] archive = ociLayout(List.of(manifest.descriptor().withAnnotations(Map.of(OciLayoutFormat.IMAGE_NAME, "m:1"))),
                config, manifest).build();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> load(archive));
        assertEquals("invalid archive: blob " + layer.descriptor().digest() + " not found", e.getMessage());
        assertEquals(List.of(), store.list());
    }

    @Test
    void ociIndexPicksTheHostPlatform() throws IOException {
        byte[] raw = TarBuilder.layer("f", "host");
        Blob layer = blob(MediaTypes.OCI_LAYER, raw);
        Blob config = blob(MediaTypes.OCI_CONFIG, configFor(raw));
        Blob hostManifest = ociManifest(config, layer);
        Blob otherManifest = blob(MediaTypes.OCI_MANIFEST, "{\"never\":\"read\"}".getBytes(StandardCharsets.UTF_8));
        Platform host = Platforms.host();
        Platform other = new Platform("linux", host.architecture().equals("s390x") ? "ppc64le" : "s390x", null);
        Blob platformIndex = blob(MediaTypes.OCI_INDEX, Json.toBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(
                new Descriptor(MediaTypes.OCI_MANIFEST, otherManifest.descriptor().digest(), otherManifest.data().length, null, null, other),
                new Descriptor(MediaTypes.OCI_MANIFEST, hostManifest.descriptor().digest(), hostManifest.data().length, null, null,
                        new Platform(host.os(), host.architecture(), null))), null)));
        load(ociLayout(List.of(platformIndex.descriptor().withAnnotations(Map.of(OciLayoutFormat.IMAGE_NAME, "multi:1"))),
                layer, config, hostManifest, otherManifest, platformIndex).build());
        assertEquals(hostManifest.descriptor().digest(), store.resolve("multi:1").manifestDigest());
    }

    @Test
    void unsupportedLayoutVersionIsRefused() {
        byte[] archive = new TarBuilder().file("oci-layout", "{\"imageLayoutVersion\":\"9\"}")
                .file("index.json", "{\"schemaVersion\":2,\"manifests\":[]}").build();
        assertThrows(InvalidArgumentException.class, () -> load(archive));
    }
}
