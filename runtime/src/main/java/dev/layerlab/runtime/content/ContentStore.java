package dev.layerlab.runtime.content;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs under {@code root/blobs/sha256/<hex>}. Writes land in {@code root/ingest}
 * first and are renamed into place only once hashed and checked, so a blob path never shows partial
 * or unverified content. Blobs are immutable (mode 0444); the same content written twice is stored once.
 */
public final class ContentStore {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");

    private final Path blobs;
    private final Path ingest;
    private final Set<Path> activeIngests = ConcurrentHashMap.newKeySet();

    // Publishing, deleting and lease bookkeeping share one monitor so GC cannot delete a blob in the
    // instant between a writer publishing (or finding) it and the writer's lease recording it.
    private final Object publishLock = new Object();
    private int openLeases;
    private final Set<Digest> leased = new HashSet<>();

    public ContentStore(Path root) throws IOException {
        this.blobs = root.resolve("blobs").resolve(Digest.ALGORITHM);
        this.ingest = root.resolve("ingest");
        Files.createDirectories(blobs);
        Files.createDirectories(ingest);
    }

    public Descriptor write(InputStream in, String mediaType) throws IOException {
        return ingest(in, null, -1, mediaType);
    }

    /** Writes and verifies against {@code expected}; a mismatch stores nothing. */
    public Descriptor write(InputStream in, Digest expected, String mediaType) throws IOException {
        return ingest(in, expected, -1, mediaType);
    }

    /** Writes and verifies both the digest and the size of {@code expected}, keeping its media type. */
    public Descriptor write(InputStream in, Descriptor expected) throws IOException {
        return ingest(in, expected.digest(), expected.size(), expected.mediaType());
    }

    public Descriptor write(byte[] bytes, String mediaType) throws IOException {
        return ingest(new ByteArrayInputStream(bytes), null, -1, mediaType);
    }

    private Descriptor ingest(InputStream in, Digest expected, long expectedSize, String mediaType) throws IOException {
        // Registered before the file exists, so GC never mistakes it for an abandoned one.
        Path tmp = ingest.resolve(UUID.randomUUID() + ".part");
        activeIngests.add(tmp);
        try {
            MessageDigest hasher = Digest.newHasher();
            long size;
            try (FileOutputStream file = new FileOutputStream(tmp.toFile());
                 OutputStream out = new DigestOutputStream(file, hasher)) {
                size = in.transferTo(out);
                file.getFD().sync(); // the rename below must not publish a blob whose bytes are still in cache only
            }
            Digest actual = Digest.fromHash(hasher.digest());
            if (expectedSize >= 0 && size != expectedSize) {
                throw new InvalidArgumentException("size mismatch for " + expected + ": expected " + expectedSize + " bytes, got " + size);
            }
            if (expected != null && !expected.equals(actual)) {
                throw new InvalidArgumentException("digest mismatch: expected " + expected + ", got " + actual);
            }
            Files.setPosixFilePermissions(tmp, READ_ONLY);
            synchronized (publishLock) {
                Path target = blobPath(actual);
                if (!Files.exists(target)) {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                if (openLeases > 0) {
                    leased.add(actual);
                }
            }
            return new Descriptor(mediaType, actual, size);
        } finally {
            Files.deleteIfExists(tmp);
            activeIngests.remove(tmp);
        }
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    /** The blob's file; read it, never write it. */
    public Path path(Digest digest) {
        Path p = blobPath(digest);
        if (!Files.isRegularFile(p)) {
            throw notFound(digest);
        }
        return p;
    }

    public InputStream open(Digest digest) throws IOException {
        return onBlob(digest, Files::newInputStream);
    }

    public byte[] read(Digest digest) throws IOException {
        return onBlob(digest, Files::readAllBytes);
    }

    public long size(Digest digest) throws IOException {
        return onBlob(digest, Files::size);
    }

    private interface BlobAction<T> {
        T apply(Path blob) throws IOException;
    }

    /** A blob collected between the existence check and the read is as missing as one never written. */
    private <T> T onBlob(Digest digest, BlobAction<T> action) throws IOException {
        try {
            return action.apply(path(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        }
    }

    private static NotFoundException notFound(Digest digest) {
        return new NotFoundException("blob " + digest + " not found");
    }

    public Set<Digest> list() throws IOException {
        Set<Digest> all = new TreeSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(blobs)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (HEX64.matcher(name).matches()) {
                    all.add(new Digest(name));
                }
            }
        }
        return all;
    }

    /** Removes a blob; returns false if it was not there. */
    public boolean delete(Digest digest) throws IOException {
        synchronized (publishLock) {
            return Files.deleteIfExists(blobPath(digest));
        }
    }

    /**
     * Opens a lease: until every open lease is closed, blobs written (or re-written) meanwhile are kept by GC,
     * so content being imported or built survives until its manifest is registered and thus reachable.
     */
    public Lease lease() {
        synchronized (publishLock) {
            openLeases++;
        }
        return new Lease();
    }

    /**
     * Deletes every blob not in {@code roots} and not held by a lease, and every abandoned ingest file.
     * Roots are asked for only after this collection's own lease is open: a blob written before that is
     * either already referenced (so in roots) or still held by its writer's lease.
     */
    public GcResult collect(Supplier<Set<Digest>> roots) throws IOException {
        try (Lease ignored = lease()) {
            Set<Digest> keep = roots.get();
            Set<Digest> removed = new TreeSet<>();
            long freed = 0;
            for (Digest d : list()) {
                if (keep.contains(d)) {
                    continue;
                }
                synchronized (publishLock) {
                    if (leased.contains(d)) {
                        continue;
                    }
                    Path p = blobPath(d);
                    long size = Files.exists(p) ? Files.size(p) : 0;
                    if (Files.deleteIfExists(p)) {
                        removed.add(d);
                        freed += size;
                    }
                }
            }
            int stale = 0;
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(ingest)) {
                for (Path p : dir) {
                    if (!activeIngests.contains(p) && Files.deleteIfExists(p)) {
                        stale++;
                    }
                }
            }
            return new GcResult(removed, freed, stale);
        }
    }

    private Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    /** Keeps blobs from GC while an import or build is in flight; see {@link #lease()}. */
    public final class Lease implements AutoCloseable {
        private boolean closed;

        private Lease() {
        }

        /** Holds an existing blob, for content the caller uses without writing it again. */
        public void protect(Digest digest) {
            synchronized (publishLock) {
                if (!closed) {
                    leased.add(digest);
                }
            }
        }

        @Override
        public void close() {
            synchronized (publishLock) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--openLeases == 0) {
                    leased.clear();
                }
            }
        }
    }
}
