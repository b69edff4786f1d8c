package dev.layerlab.server.registry;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.layerlab.server.registry.RegistryHttp.code;
import static dev.layerlab.server.registry.RegistryHttp.header;
import static dev.layerlab.server.registry.RegistryHttp.json;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The built-in registry over raw HTTP (JDK HttpClient), endpoint by endpoint and error code by error code,
 * as the OCI distribution spec 1.1 and Docker Hub's token flow say them.
 */
class RegistryConformanceTest {
    @TempDir
    static Path dir;
    static RegistryHttp r;
    static String alicePush;

    @BeforeAll
    static void start() throws Exception {
        r = new RegistryHttp(dir);
        alicePush = r.token(r.alice, "repository:alice/app:pull,push,delete");
    }

    @AfterAll
    static void stop() {
        r.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Pushes a blob monolithically to {@code repo} with {@code token}; returns its digest. */
    static Digest push(String repo, String token, byte[] blob) throws Exception {
        Digest d = Digest.of(blob);
        HttpResponse<byte[]> res = r.send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, token, blob,
                "Content-Type", "application/octet-stream");
        assertEquals(201, res.statusCode(), new String(res.body()));
        assertEquals("/v2/" + repo + "/blobs/" + d, header(res, "Location"));
        assertEquals(d.toString(), header(res, "Docker-Content-Digest"));
        return d;
    }

    static String manifest(String type, Digest config, long configSize, Digest layer, long layerSize, String extra) {
        String configType = type.equals(MediaTypes.DOCKER_MANIFEST) ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG;
        String layerType = type.equals(MediaTypes.DOCKER_MANIFEST) ? MediaTypes.DOCKER_LAYER : MediaTypes.OCI_LAYER;
        return """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]%s}"""
                .formatted(type, configType, config, configSize, layerType, layer, layerSize, extra);
    }

    @Test
    void the_base_challenges_with_docker_hubs_bearer_flow() throws Exception {
        HttpResponse<byte[]> res = r.send("GET", "/v2/", null, null);
        assertEquals(401, res.statusCode());
        assertEquals("Bearer realm=\"" + r.base() + "/v2/token\",service=\"layerlab\"", header(res, "WWW-Authenticate"));
        assertEquals("registry/2.0", header(res, "Docker-Distribution-API-Version"));
        assertEquals("UNAUTHORIZED", code(res));
        assertEquals("application/json", header(res, "Content-Type"));
        assertEquals(200, r.send("GET", "/v2/", r.token(null), null).statusCode(), "an anonymous token opens /v2/");
        assertEquals(401, r.send("GET", "/v2/", alicePush + "x", null).statusCode(), "a forged signature");
        assertEquals(401, r.send("GET", "/v2/", "eyJzdWIiOiJhbGljZSJ9.AAAA", null).statusCode(), "a made-up token");
    }

    @Test
    void the_token_endpoint_checks_credentials_and_grants_only_what_is_allowed() throws Exception {
        HttpResponse<byte[]> wrong = r.send("GET", "/v2/token?service=layerlab&scope=repository:alice/app:push", null, null,
                "Authorization", RegistryHttp.basic("alice", r.bob.token()));
        assertEquals(401, wrong.statusCode());
        assertEquals("UNAUTHORIZED", code(wrong));
        HttpResponse<byte[]> ok = r.send("GET", "/v2/token?service=layerlab&scope=repository:alice/app:pull,push", null, null,
                "Authorization", RegistryHttp.basic("alice", r.alice.token()));
        assertEquals(200, ok.statusCode());
        assertEquals(json(ok).get("token").asText(), json(ok).get("access_token").asText());
        assertTrue(json(ok).get("expires_in").asInt() > 0);
        // bob asks to push to alice's repository: he gets a token that can only pull it, and the push is DENIED.
        String bobs = r.token(r.bob, "repository:alice/app:pull,push");
        HttpResponse<byte[]> denied = r.send("POST", "/v2/alice/app/blobs/uploads/", bobs, new byte[0]);
        assertEquals(403, denied.statusCode());
        assertEquals("DENIED", code(denied));
        assertEquals("DENIED", code(r.send("DELETE", "/v2/alice/app/manifests/latest", r.token(r.bob, "repository:alice/app:*"), null)));
        // a name climbing out of its namespace gets nothing either
        assertEquals(403, r.send("POST", "/v2/bob/app/blobs/uploads/",
                r.token(r.alice, "repository:bob/app:push", "repository:alice/../bob/app:push"), new byte[0]).statusCode());
    }

    @Test
    void anonymous_pushes_are_challenged_to_log_in_and_tokens_expire() throws Exception {
        HttpResponse<byte[]> res = r.send("POST", "/v2/alice/app/blobs/uploads/", r.token(null, "repository:alice/app:pull,push"),
                new byte[0]);
        assertEquals(401, res.statusCode());
        assertEquals("Bearer realm=\"" + r.base() + "/v2/token\",service=\"layerlab\",scope=\"repository:alice/app:pull,push\","
                + "error=\"insufficient_scope\"", header(res, "WWW-Authenticate"));
        HttpResponse<byte[]> noToken = r.send("HEAD", "/v2/alice/app/manifests/latest", null, null);
        assertEquals(401, noToken.statusCode());
        assertTrue(header(noToken, "WWW-Authenticate").contains("scope=\"repository:alice/app:pull\""));
        String token = r.token(r.alice, "repository:alice/app:pull");
        r.clock.now = r.clock.now.plus(Duration.ofMinutes(6));
        try {
            assertEquals(401, r.send("GET", "/v2/alice/app/tags/list", token, null).statusCode());
        } finally {
            r.clock.now = r.clock.now.minus(Duration.ofMinutes(6));
        }
    }

    @Test
    void blobs_push_monolithically_and_in_chunks_and_read_back_with_ranges() throws Exception {
        Digest one = push("alice/app", alicePush, bytes("0123456789"));
        HttpResponse<byte[]> head = r.send("HEAD", "/v2/alice/app/blobs/" + one, alicePush, null);
        assertEquals(200, head.statusCode());
        assertEquals("10", header(head, "Content-Length"));
        assertEquals(one.toString(), header(head, "Docker-Content-Digest"));
        assertEquals(0, head.body().length);
        String anon = r.token(null, "repository:alice/app:pull");
        HttpResponse<byte[]> get = r.send("GET", "/v2/alice/app/blobs/" + one, anon, null);
        assertEquals(200, get.statusCode(), "anyone may pull");
        assertEquals("0123456789", new String(get.body()));
        HttpResponse<byte[]> part = r.send("GET", "/v2/alice/app/blobs/" + one, anon, null, "Range", "bytes=2-5");
        assertEquals(206, part.statusCode());
        assertEquals("2345", new String(part.body()));
        assertEquals("bytes 2-5/10", header(part, "Content-Range"));
        assertEquals("789", new String(r.send("GET", "/v2/alice/app/blobs/" + one, anon, null, "Range", "bytes=7-").body()));
        HttpResponse<byte[]> beyond = r.send("GET", "/v2/alice/app/blobs/" + one, anon, null, "Range", "bytes=10-12");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */10", header(beyond, "Content-Range"));

        // chunked: POST, PATCH with Content-Range, PATCH without, GET status, PUT with the last bytes
        HttpResponse<byte[]> open = r.send("POST", "/v2/alice/app/blobs/uploads/", alicePush, new byte[0]);
        assertEquals(202, open.statusCode());
        String location = header(open, "Location");
        assertTrue(location.startsWith("/v2/alice/app/blobs/uploads/"), location);
        assertEquals("0-0", header(open, "Range"));
        HttpResponse<byte[]> p1 = r.send("PATCH", location, alicePush, bytes("hello "), "Content-Range", "0-5",
                "Content-Type", "application/octet-stream");
        assertEquals(202, p1.statusCode());
        assertEquals("0-5", header(p1, "Range"));
        HttpResponse<byte[]> outOfOrder = r.send("PATCH", location, alicePush, bytes("x"), "Content-Range", "9-9");
        assertEquals(416, outOfOrder.statusCode());
        assertEquals("BLOB_UPLOAD_INVALID", code(outOfOrder));
        HttpResponse<byte[]> lying = r.send("PATCH", location, alicePush, bytes("xyz"), "Content-Range", "6-6");
        assertEquals(400, lying.statusCode());
        assertEquals("SIZE_INVALID", code(lying));
        assertEquals(202, r.send("PATCH", location, alicePush, bytes("chunked")).statusCode());
        HttpResponse<byte[]> status = r.send("GET", location, alicePush, null);
        assertEquals(204, status.statusCode());
        assertEquals("0-12", header(status, "Range"));
        byte[] whole = bytes("hello chunked world");
        Digest d = Digest.of(whole);
        HttpResponse<byte[]> put = r.send("PUT", location + "?digest=" + d, alicePush, bytes(" world"));
        assertEquals(201, put.statusCode(), new String(put.body()));
        assertEquals("/v2/alice/app/blobs/" + d, header(put, "Location"));
        assertArrayEquals(whole, r.send("GET", "/v2/alice/app/blobs/" + d, alicePush, null).body());
        assertEquals("BLOB_UPLOAD_UNKNOWN", code(r.send("GET", location, alicePush, null)), "a closed session is gone");
        // POST then a single PUT with the whole body; DELETE cancels a session
        String loc2 = header(r.send("POST", "/v2/alice/app/blobs/uploads/", alicePush, new byte[0]), "Location");
        byte[] mono = bytes("one put");
        assertEquals(201, r.send("PUT", loc2 + "?digest=" + Digest.of(mono), alicePush, mono).statusCode());
        String loc3 = header(r.send("POST", "/v2/alice/app/blobs/uploads/", alicePush, new byte[0]), "Location");
        assertEquals(204, r.send("DELETE", loc3, alicePush, null).statusCode());
        assertEquals(404, r.send("GET", loc3, alicePush, null).statusCode());
        // blob DELETE unlinks it from the repository
        Digest gone = push("alice/app", alicePush, bytes("to delete"));
        assertEquals(202, r.send("DELETE", "/v2/alice/app/blobs/" + gone, alicePush, null).statusCode());
        HttpResponse<byte[]> unknown = r.send("HEAD", "/v2/alice/app/blobs/" + gone, alicePush, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("BLOB_UNKNOWN", code(r.send("GET", "/v2/alice/app/blobs/" + gone, alicePush, null)));
    }

    @Test
    void bad_digests_and_bad_uploads_store_nothing() throws Exception {
        Set<Digest> before = r.content.list();
        byte[] blob = bytes("never stored");
        Digest other = Digest.of(bytes("other"));
        HttpResponse<byte[]> mono = r.send("POST", "/v2/alice/app/blobs/uploads/?digest=" + other, alicePush, blob);
        assertEquals(400, mono.statusCode());
        assertEquals("DIGEST_INVALID", code(mono));
        String loc = header(r.send("POST", "/v2/alice/app/blobs/uploads/", alicePush, new byte[0]), "Location");
        assertEquals("DIGEST_INVALID", code(r.send("PUT", loc + "?digest=" + other, alicePush, blob)));
        assertEquals("DIGEST_INVALID", code(r.send("PUT", loc + "?digest=sha256:abc", alicePush, blob)));
        assertEquals("DIGEST_INVALID", code(r.send("GET", "/v2/alice/app/blobs/sha256:xyz", alicePush, null)));
        HttpResponse<byte[]> sha512 = r.send("GET", "/v2/alice/app/blobs/sha512:" + "a".repeat(128), alicePush, null);
        assertEquals("UNSUPPORTED", code(sha512));
        assertEquals(before, r.content.list());

        // a PATCH whose body stops short of its Content-Length: the session keeps none of it
        String loc2 = header(r.send("POST", "/v2/alice/app/blobs/uploads/", alicePush, new byte[0]), "Location");
        try (Socket s = new Socket("127.0.0.1", r.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PATCH " + loc2 + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alicePush
                    + "\r\nContent-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            in.readAllBytes();
        }
        HttpResponse<byte[]> status = r.send("GET", loc2, alicePush, null);
        assertEquals(204, status.statusCode());
        assertEquals("0-0", header(status, "Range"), "the truncated chunk was taken back");
        assertEquals(0, r.registry.uploadState(new dev.layerlab.runtime.registry.RepositoryName("alice/app"),
                loc2.substring(loc2.lastIndexOf('/') + 1)).offset());
        assertEquals(204, r.send("DELETE", loc2, alicePush, null).statusCode());
    }

    @Test
    void names_must_follow_the_spec_and_stay_in_their_namespace() throws Exception {
        for (String path : new String[]{"/v2/Alice/app/tags/list", "/v2/alice/-app/tags/list", "/v2/alice/a%2e%2e/tags/list",
                "/v2/alice//app/tags/list"}) {
            HttpResponse<byte[]> res = r.send("GET", path, alicePush, null);
            assertEquals(400, res.statusCode(), path);
            assertEquals("NAME_INVALID", code(res), path);
        }
        HttpResponse<byte[]> climbing = r.send("GET", "/v2/alice/../bob/app/tags/list", alicePush, null);
        assertEquals(400, climbing.statusCode());
        assertEquals("NAME_UNKNOWN", code(r.send("GET", "/v2/alice/nothing/tags/list", r.token(null, "repository:alice/nothing:pull"), null)));
    }

    @Test
    void manifests_by_tag_and_digest_in_dockers_and_ocis_types() throws Exception {
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        byte[] layer = bytes("layer tar");
        Digest c = push("alice/app", alicePush, config);
        Digest l = push("alice/app", alicePush, layer);
        String docker = manifest(MediaTypes.DOCKER_MANIFEST, c, config.length, l, layer.length, "");
        HttpResponse<byte[]> put = r.send("PUT", "/v2/alice/app/manifests/1.0", alicePush, bytes(docker),
                "Content-Type", MediaTypes.DOCKER_MANIFEST);
        assertEquals(201, put.statusCode(), new String(put.body()));
        Digest md = Digest.of(bytes(docker));
        assertEquals(md.toString(), header(put, "Docker-Content-Digest"));
        assertEquals("/v2/alice/app/manifests/" + md, header(put, "Location"));
        String anon = r.token(null, "repository:alice/app:pull");
        for (String ref : new String[]{"1.0", md.toString()}) {
            HttpResponse<byte[]> get = r.send("GET", "/v2/alice/app/manifests/" + ref, anon, null,
                    "Accept", MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST);
            assertEquals(200, get.statusCode());
            assertEquals(docker, new String(get.body(), StandardCharsets.UTF_8), "the exact bytes pushed");
            assertEquals(MediaTypes.DOCKER_MANIFEST, header(get, "Content-Type"));
            assertEquals(md.toString(), header(get, "Docker-Content-Digest"));
            HttpResponse<byte[]> head = r.send("HEAD", "/v2/alice/app/manifests/" + ref, anon, null);
            assertEquals(200, head.statusCode());
            assertEquals(String.valueOf(docker.length()), header(head, "Content-Length"));
        }
        // an OCI manifest pushed by digest, and an OCI index naming both
        String oci = manifest(MediaTypes.OCI_MANIFEST, c, config.length, l, layer.length, "");
        Digest od = Digest.of(bytes(oci));
        assertEquals(201, r.send("PUT", "/v2/alice/app/manifests/" + od, alicePush, bytes(oci), "Content-Type", MediaTypes.OCI_MANIFEST)
                .statusCode());
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":%d,\
                "platform":{"architecture":"amd64","os":"linux"}}]}""".formatted(MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST, od,
                oci.length());
        assertEquals(201, r.send("PUT", "/v2/alice/app/manifests/multi", alicePush, bytes(index), "Content-Type", MediaTypes.OCI_INDEX)
                .statusCode());
        assertEquals(MediaTypes.OCI_INDEX, header(r.send("GET", "/v2/alice/app/manifests/multi", anon, null), "Content-Type"));
        // a Docker manifest list naming a manifest this repository lacks
        String list = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[{"mediaType":"%s","digest":"%s","size":10}]}"""
                .formatted(MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST, Digest.of(bytes("nope")));
        assertEquals("MANIFEST_BLOB_UNKNOWN", code(r.send("PUT", "/v2/alice/app/manifests/bad", alicePush, bytes(list),
                "Content-Type", MediaTypes.DOCKER_MANIFEST_LIST)));
        // DELETE by tag removes the tag; by digest the manifest
        String temp = manifest(MediaTypes.OCI_MANIFEST, c, config.length, l, layer.length, ",\"annotations\":{\"x\":\"1\"}");
        assertEquals(201, r.send("PUT", "/v2/alice/app/manifests/temp", alicePush, bytes(temp), "Content-Type", MediaTypes.OCI_MANIFEST)
                .statusCode());
        assertEquals(202, r.send("DELETE", "/v2/alice/app/manifests/temp", alicePush, null).statusCode());
        assertEquals("MANIFEST_UNKNOWN", code(r.send("GET", "/v2/alice/app/manifests/temp", anon, null)));
        Digest td = Digest.of(bytes(temp));
        assertEquals(200, r.send("GET", "/v2/alice/app/manifests/" + td, anon, null).statusCode());
        assertEquals(202, r.send("DELETE", "/v2/alice/app/manifests/" + td, alicePush, null).statusCode());
        HttpResponse<byte[]> deleted = r.send("GET", "/v2/alice/app/manifests/" + td, anon, null);
        assertEquals(404, deleted.statusCode());
        assertEquals("MANIFEST_UNKNOWN", code(deleted));
        assertEquals("TAG_INVALID", code(r.send("GET", "/v2/alice/app/manifests/.bad", anon, null)));
    }

    @Test
    void manifests_naming_missing_blobs_invalid_ones_and_oversized_ones_are_refused() throws Exception {
        byte[] config = bytes("{\"c\":1}");
        Digest c = push("alice/app", alicePush, config);
        Digest missing = Digest.of(bytes("missing layer"));
        HttpResponse<byte[]> res = r.send("PUT", "/v2/alice/app/manifests/broken", alicePush,
                bytes(manifest(MediaTypes.OCI_MANIFEST, c, config.length, missing, 13, "")), "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(400, res.statusCode());
        assertEquals("MANIFEST_BLOB_UNKNOWN", code(res));
        assertEquals("MANIFEST_INVALID", code(r.send("PUT", "/v2/alice/app/manifests/broken", alicePush, bytes("{\"schemaVersion\":2"),
                "Content-Type", MediaTypes.OCI_MANIFEST)));
        byte[] huge = new byte[(4 << 20) + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<byte[]> big = r.send("PUT", "/v2/alice/app/manifests/big", alicePush, huge, "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(413, big.statusCode());
        assertEquals("SIZE_INVALID", code(big));
        String wrongDigest = "/v2/alice/app/manifests/" + Digest.of(bytes("not it"));
        assertEquals("DIGEST_INVALID", code(r.send("PUT", wrongDigest, alicePush,
                bytes("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}"),
                "Content-Type", MediaTypes.OCI_INDEX)));
        assertEquals("MANIFEST_UNKNOWN", code(r.send("GET", "/v2/alice/app/manifests/broken", alicePush, null)));
    }

    @Test
    void tags_and_the_catalog_page_with_link_headers() throws Exception {
        String token = r.token(r.alice, "repository:alice/paged:pull,push");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
        for (String t : new String[]{"v3", "v1", "v2", "latest"}) {
            assertEquals(201, r.send("PUT", "/v2/alice/paged/manifests/" + t, token, bytes(index), "Content-Type", MediaTypes.OCI_INDEX)
                    .statusCode());
        }
        HttpResponse<byte[]> all = r.send("GET", "/v2/alice/paged/tags/list", token, null);
        assertEquals("{\"name\":\"alice/paged\",\"tags\":[\"latest\",\"v1\",\"v2\",\"v3\"]}", new String(all.body()));
        assertNull(header(all, "Link"));
        HttpResponse<byte[]> first = r.send("GET", "/v2/alice/paged/tags/list?n=2", token, null);
        assertEquals("[\"latest\",\"v1\"]", json(first).get("tags").toString());
        assertEquals("</v2/alice/paged/tags/list?n=2&last=v1>; rel=\"next\"", header(first, "Link"));
        HttpResponse<byte[]> second = r.send("GET", "/v2/alice/paged/tags/list?n=2&last=v1", token, null);
        assertEquals("[\"v2\",\"v3\"]", json(second).get("tags").toString());
        assertEquals("PAGINATION_NUMBER_INVALID", code(r.send("GET", "/v2/alice/paged/tags/list?n=x", token, null)));

        String catalogToken = r.token(null, "registry:catalog:*");
        assertEquals(401, r.send("GET", "/v2/_catalog", r.token(null), null).statusCode());
        HttpResponse<byte[]> catalog = r.send("GET", "/v2/_catalog?n=1", catalogToken, null);
        assertEquals(200, catalog.statusCode());
        assertEquals(1, json(catalog).get("repositories").size());
        String firstRepo = json(catalog).get("repositories").get(0).asText();
        assertEquals("</v2/_catalog?n=1&last=" + firstRepo + ">; rel=\"next\"", header(catalog, "Link"));
        List<String> names = new ArrayList<>();
        json(r.send("GET", "/v2/_catalog", catalogToken, null)).get("repositories").forEach(n -> names.add(n.asText()));
        assertTrue(names.contains("alice/paged"), names.toString());
    }

    @Test
    void referrers_list_the_manifests_whose_subject_is_the_digest() throws Exception {
        String token = r.token(r.alice, "repository:alice/signed:pull,push");
        String anon = r.token(null, "repository:alice/signed:pull");
        byte[] config = bytes("{}");
        byte[] layer = bytes("sig");
        Digest c = push("alice/signed", token, config);
        Digest l = push("alice/signed", token, layer);
        String image = manifest(MediaTypes.OCI_MANIFEST, c, 2, l, 3, "");
        Digest id = Digest.of(bytes(image));
        assertEquals(201, r.send("PUT", "/v2/alice/signed/manifests/v1", token, bytes(image), "Content-Type", MediaTypes.OCI_MANIFEST)
                .statusCode());
        HttpResponse<byte[]> none = r.send("GET", "/v2/alice/signed/referrers/" + id, anon, null);
        assertEquals(200, none.statusCode());
        assertEquals(MediaTypes.OCI_INDEX, header(none, "Content-Type"));
        assertEquals(0, json(none).get("manifests").size());
        String sig = manifest(MediaTypes.OCI_MANIFEST, c, 2, l, 3, ",\"artifactType\":\"application/vnd.example.sig\","
                + "\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + id + "\",\"size\":" + image.length() + "}");
        Digest sd = Digest.of(bytes(sig));
        HttpResponse<byte[]> put = r.send("PUT", "/v2/alice/signed/manifests/" + sd, token, bytes(sig), "Content-Type", MediaTypes.OCI_MANIFEST);
        assertEquals(201, put.statusCode());
        assertEquals(id.toString(), header(put, "OCI-Subject"));
        HttpResponse<byte[]> one = r.send("GET", "/v2/alice/signed/referrers/" + id, anon, null);
        assertEquals(sd.toString(), json(one).get("manifests").get(0).get("digest").asText());
        assertEquals("application/vnd.example.sig", json(one).get("manifests").get(0).get("artifactType").asText());
        HttpResponse<byte[]> filtered = r.send("GET", "/v2/alice/signed/referrers/" + id + "?artifactType=other", anon, null);
        assertEquals(0, json(filtered).get("manifests").size());
        assertEquals("artifactType", header(filtered, "OCI-Filters-Applied"));
    }

    @Test
    void cross_repository_mount_needs_pull_on_the_source() throws Exception {
        Digest d = push("alice/app", alicePush, bytes("shared layer"));
        String noSource = r.token(r.bob, "repository:bob/copy:pull,push");
        HttpResponse<byte[]> session = r.send("POST", "/v2/bob/copy/blobs/uploads/?mount=" + d + "&from=alice/app", noSource, new byte[0]);
        assertEquals(202, session.statusCode(), "without pull on the source, an ordinary upload session");
        assertEquals(204, r.send("DELETE", header(session, "Location"), noSource, null).statusCode());
        int blobs = r.content.list().size();
        String both = r.token(r.bob, "repository:bob/copy:pull,push", "repository:alice/app:pull");
        HttpResponse<byte[]> mounted = r.send("POST", "/v2/bob/copy/blobs/uploads/?mount=" + d + "&from=alice/app", both, new byte[0]);
        assertEquals(201, mounted.statusCode());
        assertEquals("/v2/bob/copy/blobs/" + d, header(mounted, "Location"));
        assertEquals("shared layer", new String(r.send("GET", "/v2/bob/copy/blobs/" + d, both, null).body()));
        assertEquals(blobs, r.content.list().size(), "a mount stores nothing new");
        Digest absent = Digest.of(bytes("absent"));
        assertEquals(202, r.send("POST", "/v2/bob/copy/blobs/uploads/?mount=" + absent + "&from=alice/app", both, new byte[0])
                .statusCode());
    }

    @Test
    void a_blob_the_engine_already_holds_is_stored_once() throws Exception {
        byte[] layer = bytes("a layer the engine built");
        r.content.write(layer, MediaTypes.OCI_LAYER); // as the engine stores a layer it made
        int blobs = r.content.list().size();
        push("alice/app", alicePush, layer);
        assertEquals(blobs, r.content.list().size());
        assertEquals(r.content.path(Digest.of(layer)), r.registry.blob(new dev.layerlab.runtime.registry.RepositoryName("alice/app"),
                Digest.of(layer)).file(), "the registry serves the engine's own file");
    }

    @Test
    void a_client_holds_only_so_many_upload_sessions() throws Exception {
        String token = r.token(r.bob, "repository:bob/many:pull,push");
        List<String> open = new ArrayList<>();
        for (int i = 0; i < r.registry.settings().maxUploadsPerClient(); i++) {
            HttpResponse<byte[]> res = r.send("POST", "/v2/bob/many/blobs/uploads/", token, new byte[0]);
            assertEquals(202, res.statusCode());
            open.add(header(res, "Location"));
        }
        HttpResponse<byte[]> refused = r.send("POST", "/v2/bob/many/blobs/uploads/", token, new byte[0]);
        assertEquals(429, refused.statusCode());
        assertEquals("TOOMANYREQUESTS", code(refused));
        for (String loc : open) {
            assertEquals(204, r.send("DELETE", loc, token, null).statusCode());
        }
        assertEquals(202, r.send("POST", "/v2/bob/many/blobs/uploads/", token, new byte[0]).statusCode());
        assertEquals("UNSUPPORTED", code(r.send("PUT", "/v2/bob/many/tags/list", token, new byte[0])));
    }
}
