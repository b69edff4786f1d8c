package dev.layerlab.runtime.registry;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.BoundedInputStream;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The storage of the built-in registry (OCI distribution spec 1.1), without HTTP: repositories with
 * their tags, manifests and linked blobs under {@code root/repositories/<name>/_repository.json}, and
 * upload sessions under {@code root/uploads/}. Every blob and manifest lives in the engine's
 * {@link ContentStore}, so a layer the engine already has is stored once for the whole server, and a blob
 * is published atomically (a crash loses nothing acknowledged; a half-written upload is dropped at start).
 *
 * <p>Who may do what is the server's business; this class checks what the spec makes the registry check:
 * names, digests, sizes, that a manifest's blobs are in its repository, and its own bounds
 * ({@link RegistrySettings}).
 */
public final class Registry {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final String FILE = "_repository.json"; // no name component starts with '_'

    private final Path repositoriesDir;
    private final Path uploadsDir;
    private final ContentStore content;
    private volatile RegistrySettings settings = RegistrySettings.DEFAULTS;
    private final TreeMap<RepositoryName, Repository> repositories = new TreeMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    public Registry(Path root, ContentStore content) throws IOException {
        this.repositoriesDir = root.resolve("repositories");
        this.uploadsDir = root.resolve("uploads");
        this.content = content;
        Files.createDirectories(repositoriesDir);
        AtomicFiles.deleteTree(uploadsDir); // sessions live in memory: after a restart their bytes are nobody's
        Files.createDirectories(uploadsDir);
        try (Stream<Path> files = Files.walk(repositoriesDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals(FILE)).toList()) {
                String name = repositoriesDir.relativize(f.getParent()).toString();
                if (RepositoryName.isValid(name)) {
                    repositories.put(new RepositoryName(name), Repository.of(Json.read(f, Repository.Saved.class)));
                }
            }
        }
    }

    public RegistrySettings settings() {
        return settings;
    }

    /** Applies new bounds from now on (the server's options). */
    public void configure(RegistrySettings settings) {
        this.settings = settings;
    }

    // ---- blobs

    /** A blob a repository may serve: its size and its (read-only) file in the content store. */
    public record Blob(Digest digest, long size, Path file) {
    }

    public Blob blob(RepositoryName name, Digest digest) throws IOException {
        synchronized (this) {
            Repository repo = repositories.get(name);
            if (repo == null || !repo.serves(digest) || !content.has(digest)) {
                throw new RegistryException(RegistryError.BLOB_UNKNOWN, "blob " + digest + " is not in " + name);
            }
        }
        Path file = content.path(digest);
        return new Blob(digest, Files.size(file), file);
    }

    /** Unlinks a blob from a repository; its bytes stay while anything else uses them. */
    public synchronized void deleteBlob(RepositoryName name, Digest digest) throws IOException {
        Repository repo = repositories.get(name);
        if (repo == null || !repo.blobs.remove(digest)) {
            throw new RegistryException(RegistryError.BLOB_UNKNOWN, "blob " + digest + " is not in " + name);
        }
        save(name, repo);
    }

    /**
     * Cross-repository mount: links {@code digest} of {@code from} into {@code name} without a byte sent.
     * False when {@code from} does not have it (the client then uploads); the caller checked {@code from}'s pull right.
     */
    public synchronized boolean mount(RepositoryName name, Digest digest, RepositoryName from) throws IOException {
        Repository source = repositories.get(from);
        if (source == null || !source.serves(digest) || !content.has(digest)) {
            return false;
        }
        link(name, digest);
        return true;
    }

    /**
     * Links a blob the engine's content store already holds (an image the engine made or pulled) into a
     * repository: how the engine pushes without copying a byte.
     */
    public synchronized void linkExisting(RepositoryName name, Digest digest) throws IOException {
        if (!content.has(digest)) {
            throw new RegistryException(RegistryError.BLOB_UNKNOWN, "blob " + digest + " is not in the content store");
        }
        link(name, digest);
    }

    /** A monolithic upload: the whole blob in one request, checked against {@code expected}. */
    public void putBlob(RepositoryName name, Digest expected, InputStream body) throws IOException {
        long max = settings.maxBlobBytes();
        long room;
        synchronized (this) {
            room = namespaceBlobs(name.namespace()).contains(expected) ? max : settings.maxNamespaceBytes() - namespaceBytes(name);
        }
        try (ContentStore.Lease lease = content.lease()) {
            InputStream bounded = new BoundedInputStream(body, Math.min(max, room), () -> room < max
                    ? new TooLarge(max, name.namespace() + "'s repositories have room for " + Math.max(0, room) + " more bytes")
                    : new TooLarge(max));
            content.write(bounded, expected, MediaTypes.OCTET_STREAM);
            linkPublished(name, expected);
        } catch (TooLarge e) {
            throw e.refusal();
        } catch (InvalidArgumentException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage());
        }
    }

    // ---- uploads

    /** A session's id and how many bytes it holds. */
    public record UploadState(String id, long offset) {
    }

    /** Opens an upload session for {@code client} (who may hold {@link RegistrySettings#maxUploadsPerClient()}). */
    public UploadState startUpload(RepositoryName name, String client) throws IOException {
        expireUploads();
        synchronized (this) {
            checkRoomFor(name);
            long open = uploads.values().stream().filter(u -> u.client.equals(client)).count();
            if (open >= settings.maxUploadsPerClient()) {
                throw new RegistryException(RegistryError.TOOMANYREQUESTS, client + " has " + open
                        + " uploads open, the most allowed; finish or cancel one (or wait " + settings.uploadTimeout().toMinutes()
                        + " minutes for abandoned ones to expire)");
            }
            String id = UUID.randomUUID().toString();
            Path file = uploadsDir.resolve(id);
            Files.createFile(file);
            uploads.put(id, new Upload(id, name, client, file, System.nanoTime()));
            return new UploadState(id, 0);
        }
    }

    public UploadState uploadState(RepositoryName name, String id) {
        Upload u = upload(name, id);
        return new UploadState(u.id, u.offset);
    }

    /**
     * Appends a chunk. {@code rangeStart}, when the client sent a Content-Range, must be where the
     * upload stands; a chunk cut short (the client went away) is taken back whole.
     */
    public UploadState append(RepositoryName name, String id, InputStream chunk, Long rangeStart, Long rangeEnd) throws IOException {
        Upload u = upload(name, id);
        if (!u.writing.tryLock()) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, "another request is writing upload " + id);
        }
        try {
            if (!uploads.containsKey(id)) {
                throw new RegistryException(RegistryError.BLOB_UPLOAD_UNKNOWN, "upload " + id + " expired");
            }
            if (rangeStart != null && rangeStart != u.offset) {
                throw new RegistryException(RegistryError.RANGE_INVALID, "the chunk starts at " + rangeStart
                        + " but the upload has " + u.offset + " bytes");
            }
            synchronized (this) {
                checkNamespaceBytes(name, u.offset); // an upload already over the quota stops before more bytes come
            }
            long written = write(u, chunk);
            if (rangeStart != null && rangeEnd != null && rangeEnd - rangeStart + 1 != written) {
                truncate(u, u.offset);
                throw new RegistryException(RegistryError.SIZE_INVALID, "Content-Range " + rangeStart + "-" + rangeEnd
                        + " but " + written + " bytes came");
            }
            u.offset += written;
            u.lastUsedNanos = System.nanoTime();
            return new UploadState(u.id, u.offset);
        } finally {
            u.writing.unlock();
        }
    }

    /**
     * Closes an upload with its last bytes ({@code rest}, may be empty): the whole blob must hash to
     * {@code expected}, or nothing is stored. The session ends either way.
     */
    public void finishUpload(RepositoryName name, String id, Digest expected, InputStream rest) throws IOException {
        Upload u = upload(name, id);
        if (!u.writing.tryLock()) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_INVALID, "another request is writing upload " + id);
        }
        try {
            u.offset += write(u, rest);
            synchronized (this) {
                if (!namespaceBlobs(name.namespace()).contains(expected)) {
                    checkNamespaceBytes(name, u.offset);
                }
            }
            try (ContentStore.Lease lease = content.lease(); InputStream in = Files.newInputStream(u.file)) {
                content.write(in, expected, MediaTypes.OCTET_STREAM);
                linkPublished(name, expected);
            } catch (InvalidArgumentException e) {
                throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage());
            }
        } finally {
            drop(u);
            u.writing.unlock();
        }
    }

    public void cancelUpload(RepositoryName name, String id) throws IOException {
        drop(upload(name, id));
    }

    /** Drops sessions idle longer than the upload timeout, with their bytes; returns how many. */
    public int expireUploads() throws IOException {
        long now = System.nanoTime();
        long timeout = settings.uploadTimeout().toNanos();
        int dropped = 0;
        for (Upload u : List.copyOf(uploads.values())) {
            if (now - u.lastUsedNanos > timeout && u.writing.tryLock()) {
                try {
                    drop(u);
                    dropped++;
                } finally {
                    u.writing.unlock();
                }
            }
        }
        return dropped;
    }

    /** Open upload sessions (for tests and the operator). */
    public int openUploads() {
        return uploads.size();
    }

    private Upload upload(RepositoryName name, String id) {
        Upload u = id == null ? null : uploads.get(id);
        if (u == null || !u.repository.equals(name)) {
            throw new RegistryException(RegistryError.BLOB_UPLOAD_UNKNOWN, "no upload " + id + " in " + name);
        }
        return u;
    }

    private long write(Upload u, InputStream chunk) throws IOException {
        long room = settings.maxBlobBytes() - u.offset;
        try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
            ch.position(u.offset);
            OutputStream out = Channels.newOutputStream(ch);
            long n = new BoundedInputStream(chunk, room, () -> new TooLarge(settings.maxBlobBytes())).transferTo(out);
            ch.truncate(u.offset + n);
            return n;
        } catch (TooLarge e) {
            truncate(u, u.offset);
            throw e.refusal();
        } catch (IOException e) {
            truncate(u, u.offset); // a chunk cut short counts for nothing
            throw e;
        }
    }

    private static void truncate(Upload u, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(u.file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private void drop(Upload u) throws IOException {
        uploads.remove(u.id);
        Files.deleteIfExists(u.file);
    }

    // ---- manifests

    /** A manifest as served: its digest, media type and bytes. */
    public record Manifest(Digest digest, String mediaType, byte[] bytes) {
    }

    /** What a manifest PUT stored: its digest and the subject it refers to (for the OCI-Subject header), or null. */
    public record PutManifest(Digest digest, Digest subject) {
    }

    public Manifest manifest(RepositoryName name, String reference) throws IOException {
        Digest digest;
        String type;
        synchronized (this) {
            Repository repo = repository(name);
            digest = resolve(repo, name, reference);
            type = repo.manifests.get(digest).mediaType();
        }
        return new Manifest(digest, type, content.read(digest));
    }

    /**
     * Stores a manifest or index under a tag or its digest. It must be at most
     * {@link RegistrySettings#maxManifestBytes()}, well-formed, and name only blobs (or, for an index,
     * manifests) this repository has, with their real sizes.
     */
    public PutManifest putManifest(RepositoryName name, String reference, InputStream body, String contentType) throws IOException {
        long max = settings.maxManifestBytes();
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new RegistryException(RegistryError.TOO_LARGE, "a manifest may have at most " + max + " bytes");
        }
        boolean byDigest = reference.contains(":");
        if (!byDigest) {
            checkTag(reference);
        }
        PushedManifest m = PushedManifest.parse(bytes, contentType);
        if (byDigest && !parseDigest(reference).equals(m.digest())) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, "the manifest's digest is " + m.digest() + ", not " + reference);
        }
        try (ContentStore.Lease lease = content.lease()) {
            synchronized (this) {
                checkRoomFor(name);
                Repository repo = repositories.get(name);
                checkPresent(name, repo, m.blobs(), false);
                checkPresent(name, repo, m.manifests(), true);
                if (!byDigest && !(repo != null && repo.tags.containsKey(reference))
                        && repo != null && repo.tags.size() >= settings.maxTagsPerRepository()) {
                    throw new RegistryException(RegistryError.DENIED, name + " has " + repo.tags.size() + " tags, the most allowed");
                }
                content.write(bytes, m.mediaType());
                Repository target = repositories.computeIfAbsent(name, n -> new Repository());
                List<Digest> references = new ArrayList<>();
                m.blobs().forEach(r -> references.add(r.digest()));
                m.manifests().forEach(r -> references.add(r.digest()));
                target.manifests.put(m.digest(), new Repository.StoredManifest(m.mediaType(), m.size(), m.subject(),
                        m.artifactType(), m.annotations(), references));
                if (!byDigest) {
                    target.tags.put(reference, m.digest());
                }
                save(name, target);
            }
        }
        return new PutManifest(m.digest(), m.subject());
    }

    /** By digest: the manifest and every tag on it; by tag: the tag only. */
    public synchronized void deleteManifest(RepositoryName name, String reference) throws IOException {
        Repository repo = repository(name);
        Digest digest = resolve(repo, name, reference);
        if (reference.contains(":")) {
            repo.manifests.remove(digest);
            repo.tags.values().removeIf(digest::equals);
        } else {
            repo.tags.remove(reference);
        }
        save(name, repo);
    }

    // ---- listings

    /** One page of a sorted listing, and whether more follow. */
    public record Page(List<String> items, boolean more) {
    }

    public synchronized Page tags(RepositoryName name, Integer n, String last) {
        return page(repository(name).tags.keySet().stream().toList(), n, last);
    }

    public synchronized Page catalog(Integer n, String last) {
        return page(repositories.keySet().stream().map(RepositoryName::value).toList(), n, last);
    }

    /** The referrers API: descriptors of this repository's manifests whose subject is {@code digest}. */
    public synchronized List<Map<String, Object>> referrers(RepositoryName name, Digest digest, String artifactType) {
        Repository repo = repositories.get(name);
        List<Map<String, Object>> found = new ArrayList<>();
        if (repo == null) {
            return found;
        }
        repo.manifests.forEach((d, m) -> {
            if (digest.equals(m.subject()) && (artifactType == null || artifactType.equals(m.artifactType()))) {
                Map<String, Object> desc = new LinkedHashMap<>();
                desc.put("mediaType", m.mediaType());
                desc.put("digest", d.toString());
                desc.put("size", m.size());
                if (m.artifactType() != null) {
                    desc.put("artifactType", m.artifactType());
                }
                if (m.annotations() != null) {
                    desc.put("annotations", m.annotations());
                }
                found.add(desc);
            }
        });
        return found;
    }

    /** Every blob a repository holds or a manifest names: roots for the content store's garbage collection. */
    public synchronized Set<Digest> referencedBlobs() {
        Set<Digest> roots = new HashSet<>();
        for (Repository r : repositories.values()) {
            roots.addAll(r.blobs);
            r.manifests.forEach((d, m) -> {
                roots.add(d);
                roots.addAll(m.references());
            });
        }
        return roots;
    }

    // ---- helpers

    private static Page page(List<String> sorted, Integer n, String last) {
        if (n != null && n < 0) {
            throw new RegistryException(RegistryError.PAGINATION_NUMBER_INVALID, "n must not be negative");
        }
        List<String> after = last == null || last.isEmpty() ? sorted
                : sorted.stream().filter(s -> s.compareTo(last) > 0).toList();
        if (n == null || n >= after.size()) {
            return new Page(after, false);
        }
        return new Page(after.subList(0, n), true);
    }

    private Repository repository(RepositoryName name) {
        Repository repo = repositories.get(name);
        if (repo == null) {
            throw new RegistryException(RegistryError.NAME_UNKNOWN, "repository " + name + " is not known");
        }
        return repo;
    }

    private static Digest resolve(Repository repo, RepositoryName name, String reference) {
        Digest digest;
        if (reference.contains(":")) {
            digest = parseDigest(reference);
        } else {
            checkTag(reference);
            digest = repo.tags.get(reference);
        }
        if (digest == null || !repo.manifests.containsKey(digest)) {
            throw new RegistryException(RegistryError.MANIFEST_UNKNOWN, "manifest " + reference + " is not in " + name);
        }
        return digest;
    }

    /** A digest in a request; another algorithm than sha256 is unsupported, anything else invalid. */
    public static Digest parseDigest(String text) {
        if (text != null && text.matches("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+") && !text.startsWith("sha256:")) {
            throw new RegistryException(RegistryError.UNSUPPORTED, "only sha256 digests are supported: " + text);
        }
        try {
            return Digest.parse(text);
        } catch (InvalidArgumentException e) {
            throw new RegistryException(RegistryError.DIGEST_INVALID, e.getMessage());
        }
    }

    private static void checkTag(String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new RegistryException(RegistryError.TAG_INVALID, "invalid tag: " + (tag.length() > 80 ? tag.substring(0, 80) + "..." : tag));
        }
    }

    private void checkPresent(RepositoryName name, Repository repo, List<PushedManifest.Ref> refs, boolean manifests) throws IOException {
        for (PushedManifest.Ref r : refs) {
            boolean there = repo != null && (manifests ? repo.manifests.containsKey(r.digest()) : repo.serves(r.digest()))
                    && content.has(r.digest());
            if (!there) {
                throw new RegistryException(RegistryError.MANIFEST_BLOB_UNKNOWN, (manifests ? "manifest " : "blob ") + r.digest()
                        + " is not in " + name + "; push it first");
            }
            long actual = content.size(r.digest());
            if (actual != r.size()) {
                throw new RegistryException(RegistryError.MANIFEST_INVALID, "the descriptor of " + r.digest() + " says "
                        + r.size() + " bytes, the blob has " + actual);
            }
        }
    }

    /** A new repository must fit in its namespace's bound. */
    private void checkRoomFor(RepositoryName name) {
        if (repositories.containsKey(name)) {
            return;
        }
        String ns = name.namespace();
        long inNamespace = repositories.keySet().stream().filter(r -> r.namespace().equals(ns)).count();
        if (inNamespace >= settings.maxRepositoriesPerNamespace()) {
            throw new RegistryException(RegistryError.DENIED, ns + " has " + inNamespace + " repositories, the most allowed");
        }
    }

    /** Links a blob just published under the caller's lease (so GC could not take it in between). */
    private synchronized void linkPublished(RepositoryName name, Digest digest) throws IOException {
        link(name, digest);
    }

    private void link(RepositoryName name, Digest digest) throws IOException {
        checkRoomFor(name);
        if (!namespaceBlobs(name.namespace()).contains(digest)) {
            checkNamespaceBytes(name, content.size(digest));
        }
        Repository repo = repositories.computeIfAbsent(name, n -> new Repository());
        if (repo.blobs.add(digest)) {
            save(name, repo);
        }
    }

    /** The distinct blobs the namespace's repositories hold (linked or named by a manifest). */
    private Set<Digest> namespaceBlobs(String namespace) {
        Set<Digest> all = new HashSet<>();
        repositories.forEach((n, r) -> {
            if (n.namespace().equals(namespace)) {
                all.addAll(r.blobs);
                all.addAll(r.manifests.keySet());
            }
        });
        return all;
    }

    private long namespaceBytes(RepositoryName name) throws IOException {
        long held = 0;
        for (Digest d : namespaceBlobs(name.namespace())) {
            if (content.has(d)) {
                held += content.size(d);
            }
        }
        return held;
    }

    /** Refuses {@code more} bytes the namespace does not hold yet when they would take it over its bound. */
    private void checkNamespaceBytes(RepositoryName name, long more) throws IOException {
        long held = namespaceBytes(name);
        long max = settings.maxNamespaceBytes();
        if (held + more > max) {
            throw new RegistryException(RegistryError.DENIED, name.namespace() + "'s repositories hold " + held
                    + " bytes; " + more + " more would pass its quota of " + max + " bytes (delete images you no longer need)");
        }
    }

    private void save(RepositoryName name, Repository repo) throws IOException {
        Path file = repositoriesDir.resolve(name.value()).resolve(FILE);
        Files.createDirectories(file.getParent());
        Json.writeAtomically(file, repo.saved());
    }

    /** Thrown inside a bounded read; becomes the spec's refusal outside it. */
    private static final class TooLarge extends IOException {
        private final long max;
        private final String quota;

        TooLarge(long max) {
            this(max, null);
        }

        TooLarge(long max, String quota) {
            super("blob larger than " + max + " bytes");
            this.max = max;
            this.quota = quota;
        }

        RegistryException refusal() {
            return quota != null ? new RegistryException(RegistryError.DENIED, quota + " (delete images you no longer need)")
                    : new RegistryException(RegistryError.TOO_LARGE, "a blob may have at most " + max + " bytes");
        }
    }
}
