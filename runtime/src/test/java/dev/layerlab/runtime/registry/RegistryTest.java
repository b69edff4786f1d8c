package dev.layerlab.runtime.registry;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The registry's storage without HTTP: what it refuses, and that nothing half-done is kept. */
class RegistryTest {
    @TempDir
    Path root;
    ContentStore content;
    Registry registry;
    final RepositoryName app = new RepositoryName("alice/app");

    @BeforeEach
    void open() throws IOException {
        content = new ContentStore(root.resolve("content"));
        registry = new Registry(root.resolve("registry"), content);
    }

    static InputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String manifest(Digest config, long configSize, Digest layer, long layerSize) {
        return """
                {"schemaVersion":2,"mediaType":"%s",
                 "config":{"mediaType":"%s","digest":"%s","size":%d},
                 "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
                .formatted(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config, configSize, MediaTypes.OCI_LAYER, layer, layerSize);
    }

    private static RegistryError refusal(Executable action) {
        RegistryException e = assertThrows(RegistryException.class, action::run);
        return e.error();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void names_out_of_the_spec_or_climbing_out_are_refused() {
        for (String bad : new String[]{"../bob/app", "alice/../bob", "alice//app", "Alice/app", "alice/app/", "/alice", "alice/.app",
                "alice/app-", "a".repeat(256), "alice/%2e%2e", ""}) {
            assertEquals(RegistryError.NAME_INVALID, refusal(() -> new RepositoryName(bad)), bad);
        }
        for (String good : new String[]{"alice", "alice/app", "alice/my_app", "alice/my__app", "alice/a.b-c---d/e"}) {
            assertEquals(good, new RepositoryName(good).value());
        }
        assertEquals("alice", new RepositoryName("alice/x/y").namespace());
    }

    @Test
    void a_digest_mismatch_stores_nothing() throws Exception {
        Set<Digest> before = content.list();
        byte[] blob = bytes("layer bytes");
        Digest other = Digest.of(bytes("something else"));
        assertEquals(RegistryError.DIGEST_INVALID, refusal(() -> registry.putBlob(app, other, in(blob))));
        Registry.UploadState up = registry.startUpload(app, "alice");
        registry.append(app, up.id(), in(blob), null, null);
        assertEquals(RegistryError.DIGEST_INVALID, refusal(() -> registry.finishUpload(app, up.id(), other, in(new byte[0]))));
        assertEquals(before, content.list());
        assertEquals(0, registry.openUploads(), "a failed close ends the session");
        assertEquals(RegistryError.BLOB_UNKNOWN, refusal(() -> registry.blob(app, Digest.of(blob))));
        try (Stream<Path> left = Files.list(root.resolve("registry/uploads"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void a_chunk_cut_short_counts_for_nothing_and_ranges_must_follow_on() throws Exception {
        Registry.UploadState up = registry.startUpload(app, "alice");
        assertEquals(5, registry.append(app, up.id(), in(bytes("hello")), 0L, 4L).offset());
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ < 3) {
                    return 'x';
                }
                throw new IOException("Early EOF");
            }
        };
        assertThrows(IOException.class, () -> registry.append(app, up.id(), broken, null, null));
        assertEquals(5, registry.uploadState(app, up.id()).offset());
        assertEquals(RegistryError.RANGE_INVALID, refusal(() -> registry.append(app, up.id(), in(bytes("x")), 9L, 9L)));
        assertEquals(RegistryError.SIZE_INVALID, refusal(() -> registry.append(app, up.id(), in(bytes("xy")), 5L, 5L)));
        assertEquals(5, registry.uploadState(app, up.id()).offset());
        registry.append(app, up.id(), in(bytes(" world")), 5L, 10L);
        byte[] whole = bytes("hello world");
        registry.finishUpload(app, up.id(), Digest.of(whole), in(new byte[0]));
        assertArrayEquals(whole, Files.readAllBytes(registry.blob(app, Digest.of(whole)).file()));
        assertEquals(RegistryError.BLOB_UPLOAD_UNKNOWN, refusal(() -> registry.uploadState(app, up.id())));
    }

    @Test
    void an_upload_belongs_to_its_repository() throws Exception {
        Registry.UploadState up = registry.startUpload(app, "alice");
        assertEquals(RegistryError.BLOB_UPLOAD_UNKNOWN,
                refusal(() -> registry.append(new RepositoryName("alice/other"), up.id(), in(bytes("x")), null, null)));
    }

    @Test
    void a_blob_over_the_bound_is_refused_and_not_kept() throws Exception {
        registry.configure(RegistrySettings.DEFAULTS.withMaxBlobBytes(10));
        byte[] big = bytes("eleven bytes");
        assertEquals(RegistryError.TOO_LARGE, refusal(() -> registry.putBlob(app, Digest.of(big), in(big))));
        Registry.UploadState up = registry.startUpload(app, "alice");
        registry.append(app, up.id(), in(bytes("12345")), null, null);
        assertEquals(RegistryError.TOO_LARGE, refusal(() -> registry.append(app, up.id(), in(bytes("123456")), null, null)));
        assertEquals(5, registry.uploadState(app, up.id()).offset());
        assertTrue(content.list().isEmpty());
    }

    @Test
    void abandoned_uploads_expire_and_a_client_holds_only_so_many() throws Exception {
        registry.configure(RegistrySettings.DEFAULTS.withUploadTimeout(Duration.ofMillis(300)));
        int max = registry.settings().maxUploadsPerClient();
        for (int i = 0; i < max; i++) {
            registry.startUpload(app, "alice");
        }
        assertEquals(RegistryError.TOOMANYREQUESTS, refusal(() -> registry.startUpload(app, "alice")));
        registry.startUpload(app, "bob"); // another client is not held up
        Thread.sleep(400);
        assertEquals(max + 1, registry.expireUploads());
        assertEquals(0, registry.openUploads());
        try (Stream<Path> left = Files.list(root.resolve("registry/uploads"))) {
            assertEquals(0, left.count(), "an expired session's bytes are deleted");
        }
        registry.startUpload(app, "alice");
    }

    @Test
    void a_manifest_must_name_blobs_of_its_repository_with_their_sizes() throws Exception {
        byte[] config = bytes("{}");
        byte[] layer = bytes("layer");
        registry.putBlob(app, Digest.of(config), in(config));
        String missing = manifest(Digest.of(config), config.length, Digest.of(layer), layer.length);
        assertEquals(RegistryError.MANIFEST_BLOB_UNKNOWN,
                refusal(() -> registry.putManifest(app, "1", in(bytes(missing)), MediaTypes.OCI_MANIFEST)));
        content.write(layer, MediaTypes.OCTET_STREAM); // in the store, but not pushed to this repository
        assertEquals(RegistryError.MANIFEST_BLOB_UNKNOWN,
                refusal(() -> registry.putManifest(app, "1", in(bytes(missing)), MediaTypes.OCI_MANIFEST)));
        registry.putBlob(app, Digest.of(layer), in(layer));
        String wrongSize = manifest(Digest.of(config), config.length, Digest.of(layer), 99);
        assertEquals(RegistryError.MANIFEST_INVALID,
                refusal(() -> registry.putManifest(app, "1", in(bytes(wrongSize)), MediaTypes.OCI_MANIFEST)));
        assertEquals(RegistryError.NAME_UNKNOWN, refusal(() -> registry.tags(new RepositoryName("alice/none"), null, null)));
        assertEquals(RegistryError.MANIFEST_UNKNOWN, refusal(() -> registry.manifest(app, "1")));
        Registry.PutManifest put = registry.putManifest(app, "1", in(bytes(missing)), MediaTypes.OCI_MANIFEST);
        assertEquals(put.digest(), registry.manifest(app, "1").digest());
        assertEquals(put.digest(), registry.manifest(app, put.digest().toString()).digest());
    }

    @Test
    void malformed_and_oversized_manifests_are_refused() throws Exception {
        assertEquals(RegistryError.MANIFEST_INVALID, refusal(() -> registry.putManifest(app, "1", in(bytes("{not json")), null)));
        assertEquals(RegistryError.MANIFEST_INVALID, refusal(() -> registry.putManifest(app, "1",
                in(bytes("{\"schemaVersion\":1,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}")), null)));
        assertEquals(RegistryError.MANIFEST_INVALID, refusal(() -> registry.putManifest(app, "1",
                in(bytes("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}")), null)));
        assertEquals(RegistryError.MANIFEST_INVALID, refusal(() -> registry.putManifest(app, "1",
                in(bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"}")), MediaTypes.DOCKER_MANIFEST)));
        byte[] huge = new byte[(4 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertEquals(RegistryError.TOO_LARGE, refusal(() -> registry.putManifest(app, "1", in(huge), MediaTypes.OCI_MANIFEST)));
        assertEquals(RegistryError.TAG_INVALID, refusal(() -> registry.putManifest(app, "-bad", in(bytes("{}")), null)));
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
        Digest wrong = Digest.of(bytes("x"));
        assertEquals(RegistryError.DIGEST_INVALID, refusal(() -> registry.putManifest(app, wrong.toString(), in(bytes(index)), null)));
        assertTrue(content.list().isEmpty(), "nothing refused is stored");
    }

    @Test
    void repositories_survive_a_restart_and_are_roots_of_garbage_collection() throws Exception {
        byte[] config = bytes("{}");
        byte[] layer = bytes("layer");
        registry.putBlob(app, Digest.of(config), in(config));
        registry.putBlob(app, Digest.of(layer), in(layer));
        Digest m = registry.putManifest(app, "v1", in(bytes(manifest(Digest.of(config), 2, Digest.of(layer), 5))), null).digest();
        Registry reopened = new Registry(root.resolve("registry"), content);
        assertEquals(m, reopened.manifest(app, "v1").digest());
        assertEquals(java.util.List.of("alice/app"), reopened.catalog(null, null).items());
        content.collect(reopened::referencedBlobs);
        assertTrue(content.has(m) && content.has(Digest.of(config)) && content.has(Digest.of(layer)));
        reopened.deleteManifest(app, m.toString());
        reopened.deleteBlob(app, Digest.of(layer));
        assertEquals(RegistryError.MANIFEST_UNKNOWN, refusal(() -> reopened.manifest(app, "v1")));
        content.collect(reopened::referencedBlobs);
        assertFalse(content.has(Digest.of(layer)), "a blob nothing names any more is collected");
    }

    @Test
    void tags_page_in_order() throws Exception {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
        for (String t : new String[]{"c", "a", "b", "d"}) {
            registry.putManifest(app, t, in(bytes(index)), null);
        }
        assertEquals(new Registry.Page(java.util.List.of("a", "b"), true), registry.tags(app, 2, null));
        assertEquals(new Registry.Page(java.util.List.of("c", "d"), false), registry.tags(app, 2, "b"));
        assertEquals(new Registry.Page(java.util.List.of(), false), registry.tags(app, 5, "d"));
        assertEquals(RegistryError.PAGINATION_NUMBER_INVALID, refusal(() -> registry.tags(app, -1, null)));
    }

    @Test
    void a_namespace_holds_only_so_many_bytes_each_blob_counted_once() throws Exception {
        registry.configure(RegistrySettings.DEFAULTS.withMaxNamespaceBytes(10));
        byte[] six = bytes("123456");
        registry.putBlob(app, Digest.of(six), in(six));
        registry.putBlob(new RepositoryName("alice/other"), Digest.of(six), in(six)); // the same blob again costs nothing
        byte[] five = bytes("abcde");
        assertEquals(RegistryError.DENIED, refusal(() -> registry.putBlob(app, Digest.of(five), in(five))));
        Registry.UploadState up = registry.startUpload(app, "alice");
        registry.append(app, up.id(), in(five), null, null);
        assertEquals(RegistryError.DENIED, refusal(() -> registry.finishUpload(app, up.id(), Digest.of(five), in(new byte[0]))));
        assertFalse(content.has(Digest.of(five)));
        registry.putBlob(new RepositoryName("bob/app"), Digest.of(five), in(five)); // another namespace has its own room
        byte[] four = bytes("wxyz");
        registry.putBlob(app, Digest.of(four), in(four));
        assertEquals(RegistryError.DENIED, refusal(() -> registry.mount(app, Digest.of(five), new RepositoryName("bob/app"))));
    }
}
