package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.GcResult;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.layerlab.runtime.image.TestImages.image;
import static dev.layerlab.runtime.image.TestImages.layer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageStoreTest {
    @TempDir
    Path dir;
    ContentStore content;
    ImageStore store;

    @BeforeEach
    void open() throws IOException {
        content = new ContentStore(dir.resolve("content"));
        store = new ImageStore(content, dir.resolve("images"));
    }

    private static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    @Test
    void createWritesConfigAndManifestAndIdIsTheConfigDigest() throws IOException {
        Image img = image(store, content, "2024-05-06T07:08:09Z", "layer-a", "layer-b");
        byte[] configBytes = content.read(img.id());
        assertEquals(img.id(), Digest.of(configBytes));
        assertEquals(img.manifestDigest(), Digest.of(content.read(img.manifestDigest())));
        assertEquals(MediaTypes.OCI_MANIFEST, img.manifest().mediaType());
        assertEquals(MediaTypes.OCI_CONFIG, img.manifest().config().mediaType());
        assertEquals(2, img.layers().size());
        assertEquals(img.layers().get(0).blob().digest(), img.layers().get(0).diffId());
        assertEquals(Instant.parse("2024-05-06T07:08:09Z"), img.created());
        assertTrue(img.dangling());
        // registering the same manifest again is the same image, not a new one
        assertEquals(img.id(), store.put(content.read(img.manifestDigest())).id());
        assertEquals(1, store.list().size());
    }

    @Test
    void createUsesDockerTypesWhenAllLayersAreDockerLayers() throws IOException {
        Descriptor l = layer(content, "x").withMediaType(MediaTypes.DOCKER_LAYER);
        Image img = store.create(TestImages.config(null, List.of(l)), List.of(l));
        assertEquals(MediaTypes.DOCKER_MANIFEST, img.manifest().mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, img.manifest().config().mediaType());
    }

    @Test
    void putRejectsManifestsThatDoNotHold() throws IOException {
        Descriptor l = layer(content, "l");
        Descriptor cfg = content.write(Json.toBytes(TestImages.config(null, List.of(l))), MediaTypes.OCI_CONFIG);
        Descriptor ghost = new Descriptor(MediaTypes.OCI_LAYER, Digest.of("ghost".getBytes()), 5);

        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> store.put(manifest(cfg, List.of(ghost))));
        assertEquals("blob " + ghost.digest() + " not found", missing.getMessage());
        assertThrows(NotFoundException.class, () -> store.put(manifest(ghost, List.of(l))));
        assertThrows(InvalidArgumentException.class, () -> store.put(manifest(cfg, List.of())), "diff_ids count");
        assertThrows(InvalidArgumentException.class,
                () -> store.put(manifest(cfg, List.of(new Descriptor(l.mediaType(), l.digest(), l.size() + 1)))), "size");
        assertThrows(InvalidArgumentException.class, () -> store.put("{not json".getBytes()));
        byte[] index = Json.toBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, List.of(cfg), null));
        assertThrows(InvalidArgumentException.class, () -> store.put(index));
        assertEquals(List.of(), store.list());
    }

    @Test
    void uncompressedLayerMustBeItsOwnDiffId() throws IOException {
        Descriptor a = layer(content, "a");
        Descriptor b = layer(content, "b");
        Descriptor cfg = content.write(Json.toBytes(TestImages.config(null, List.of(a))), MediaTypes.OCI_CONFIG);
        assertThrows(InvalidArgumentException.class, () -> store.put(manifest(cfg, List.of(b))));
    }

    @Test
    void resolvesNamesIdsAndPrefixes() throws IOException {
        Image img = image(store, content, null, "one");
        store.tag(img, ref("nginx:1.25"));
        for (String given : List.of("nginx:1.25", "docker.io/library/nginx:1.25", "index.docker.io/nginx:1.25",
                img.id().toString(), img.id().hex(), img.id().shortId(), img.id().hex().substring(0, 1),
                "sha256:" + img.id().hex().substring(0, 5))) {
            Image found = store.resolve(given);
            assertEquals(img.id(), found.id(), given);
            assertEquals(List.of(ref("nginx:1.25")), found.references(), given);
        }
        assertEquals("No such image: nginx:latest",
                assertThrows(NotFoundException.class, () -> store.resolve("nginx")).getMessage());
        String otherHex = img.id().hex().startsWith("f") ? "0".repeat(64) : "f".repeat(64);
        assertEquals("No such image: sha256:" + otherHex,
                assertThrows(NotFoundException.class, () -> store.resolve(otherHex)).getMessage());
        assertThrows(InvalidArgumentException.class, () -> store.resolve("Nginx"));
    }

    @Test
    void digestReferenceMatchesOnlyWithinItsRepository() throws IOException {
        Image img = image(store, content, null, "d");
        store.tag(img, ref("team/app:1"));
        assertEquals(img.id(), store.resolve("team/app@" + img.manifestDigest()).id());
        assertThrows(NotFoundException.class, () -> store.resolve("other/app@" + img.manifestDigest()));
    }

    @Test
    void ambiguousPrefixIsAnErrorButATagWinsOverAPrefix() throws IOException {
        List<Image> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(image(store, content, null, "layer " + i));
        }
        // 40 random IDs over 16 first hex digits: two must share their first character
        String shared = all.stream().map(i -> i.id().hex().substring(0, 1))
                .filter(c -> all.stream().filter(i -> i.id().hex().startsWith(c)).count() > 1).findFirst().orElseThrow();
        NotFoundException e = assertThrows(NotFoundException.class, () -> store.resolve(shared));
        assertTrue(e.getMessage().startsWith("ambiguous reference"), e.getMessage());

        Image target = all.get(0);
        String prefixOfAnother = all.get(1).id().hex().substring(0, 12);
        store.tag(target, ref(prefixOfAnother));
        assertEquals(target.id(), store.resolve(prefixOfAnother).id(), "a name is looked up before an ID prefix");
    }

    @Test
    void tagsAndDanglingImagesSurviveAReopen() throws IOException {
        Image named = image(store, content, "2024-01-01T00:00:00Z", "n");
        Image dangling = image(store, content, "2023-01-01T00:00:00Z", "d");
        store.tag(named, ref("localhost:5000/a/b:1"));
        store.tag(named, ref("app"));

        ImageStore reopened = new ImageStore(content, dir.resolve("images"));
        assertEquals(List.of(ref("docker.io/library/app:latest"), ref("localhost:5000/a/b:1")),
                reopened.resolve("app").references());
        assertEquals(List.of(named.id(), dangling.id()), reopened.list().stream().map(Image::id).toList(), "newest first");
        assertTrue(reopened.resolve(dangling.id().toString()).dangling());
    }

    @Test
    void retaggingLeavesTheOldImageDangling() throws IOException {
        Image v1 = image(store, content, null, "v1");
        Image v2 = image(store, content, null, "v2");
        store.tag(v1, ref("app"));
        store.tag(v2, ref("app"));
        assertEquals(v2.id(), store.resolve("app").id());
        assertTrue(store.resolve(v1.id().toString()).dangling());
        assertEquals(2, store.list().size());
    }

    @Test
    void untagOfAnUnknownNameIsNotFound() throws IOException {
        assertEquals("No such image: ghost:latest",
                assertThrows(NotFoundException.class, () -> store.untag(ref("ghost"))).getMessage());
    }

    @Test
    void failedWriteOfTheTagFileChangesNothing() throws IOException {
        Image img = image(store, content, null, "x");
        Path file = dir.resolve("images/repositories.json");
        Files.delete(file);
        Files.createDirectories(file.resolve("blocker")); // a non-empty directory cannot be replaced by a file
        assertThrows(IOException.class, () -> store.tag(img, ref("app")));
        assertThrows(NotFoundException.class, () -> store.resolve("app"));
    }

    @Test
    void garbageCollectionKeepsWhatImagesUseAndSharedLayers() throws IOException {
        Image keep = image(store, content, null, "base", "top-1");
        Image drop = image(store, content, null, "base", "top-2");
        store.tag(keep, ref("keep"));
        store.tag(drop, ref("drop"));
        Descriptor stray = content.write("stray".getBytes(StandardCharsets.UTF_8), MediaTypes.OCTET_STREAM);
        store.delete("drop", false, ImageUsers.NONE);

        GcResult gc = store.collectGarbage();
        Digest top2 = drop.layers().get(1).blob().digest();
        assertEquals(Set.of(drop.id(), drop.manifestDigest(), top2, stray.digest()), gc.removed());
        assertTrue(content.has(keep.layers().get(0).blob().digest()), "shared base layer kept");
        assertTrue(content.has(keep.manifestDigest()));
        assertArrayEquals(content.read(keep.id()), Files.readAllBytes(content.path(keep.id())));
        assertEquals(store.referencedBlobs(), content.list());
    }

    @Test
    void concurrentTaggingLosesNothing() throws Exception {
        Image img = image(store, content, null, "c");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "app:" + i;
                jobs.add(pool.submit(() -> {
                    store.tag(img, ref(name));
                    return store.resolve(name);
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, store.resolve(img.id().toString()).references().size());
        assertEquals(50, new ImageStore(content, dir.resolve("images")).resolve("app:7").references().size());
    }

    private static byte[] manifest(Descriptor config, List<Descriptor> layers) {
        return Json.toBytes(new ImageManifest(2, MediaTypes.OCI_MANIFEST, config, layers, null));
    }

    @Test
    void configBytesAreKeptAsWritten() throws IOException {
        // A config with fields this model lacks: its ID must be the digest of exactly these bytes.
        Descriptor l = layer(content, "k");
        String json = "{\"zz_unknown\":1,\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + l.digest() + "\"]}}";
        Descriptor cfg = content.write(json.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_CONFIG);
        Image img = store.put(manifest(cfg, List.of(l)));
        assertEquals(Digest.of(json.getBytes(StandardCharsets.UTF_8)), img.id());
        assertFalse(img.config().other().isEmpty());
    }
}
