package dev.layerlab.runtime.content;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentStoreTest {
    @TempDir
    Path root;
    ContentStore store;

    @BeforeEach
    void open() throws IOException {
        store = new ContentStore(root);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writeStoresByDigestReadOnly() throws IOException {
        Descriptor d = store.write(bytes("hello"), MediaTypes.OCI_CONFIG);
        assertEquals(Digest.of(bytes("hello")), d.digest());
        assertEquals(5, d.size());
        assertEquals(MediaTypes.OCI_CONFIG, d.mediaType());
        Path blob = root.resolve("blobs/sha256/" + d.digest().hex());
        assertEquals(blob, store.path(d.digest()));
        assertArrayEquals(bytes("hello"), store.read(d.digest()));
        assertEquals(5, store.size(d.digest()));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)));
        assertEquals(Set.of(d.digest()), store.list());
        assertEquals(List.of(), listIngest(), "nothing left in ingest");
    }

    @Test
    void sameContentTwiceIsStoredOnce() throws IOException {
        Descriptor a = store.write(new ByteArrayInputStream(bytes("same")), MediaTypes.OCTET_STREAM);
        Descriptor b = store.write(new ByteArrayInputStream(bytes("same")), a.digest(), MediaTypes.OCI_LAYER);
        assertEquals(a.digest(), b.digest());
        assertEquals(MediaTypes.OCI_LAYER, b.mediaType());
        assertEquals(1, store.list().size());
        assertEquals(List.of(), listIngest());
    }

    @Test
    void digestMismatchStoresNothing() throws IOException {
        Digest wrong = Digest.of(bytes("other"));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> store.write(new ByteArrayInputStream(bytes("actual")), wrong, MediaTypes.OCI_LAYER));
        assertEquals("digest mismatch: expected " + wrong + ", got " + Digest.of(bytes("actual")), e.getMessage());
        assertEquals(Set.of(), store.list());
        assertEquals(List.of(), listIngest(), "temp file removed");
    }

    @Test
    void sizeMismatchStoresNothing() throws IOException {
        Descriptor expected = new Descriptor(MediaTypes.OCI_LAYER, Digest.of(bytes("abc")), 4);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> store.write(new ByteArrayInputStream(bytes("abc")), expected));
        assertTrue(e.getMessage().startsWith("size mismatch"), e.getMessage());
        assertFalse(store.has(expected.digest()));
    }

    @Test
    void contentBeingWrittenIsNotVisible() throws Exception {
        byte[] data = bytes("slow content");
        Digest digest = Digest.of(data);
        CountDownLatch halfWay = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            int i;

            @Override
            public int read() {
                if (i == 4) {
                    halfWay.countDown();
                    await(proceed);
                }
                return i < data.length ? data[i++] & 0xff : -1;
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Descriptor> writing = pool.submit(() -> store.write(slow, digest, MediaTypes.OCI_LAYER));
            halfWay.await();
            assertFalse(store.has(digest));
            assertEquals(Set.of(), store.list());
            assertThrows(NotFoundException.class, () -> store.path(digest));
            assertEquals(1, listIngest().size(), "the partial write lives in ingest");
            GcResult gc = store.collect(Set::of);
            assertEquals(0, gc.staleIngestFiles(), "GC must leave an active ingest alone");
            proceed.countDown();
            assertEquals(digest, writing.get().digest());
            assertTrue(store.has(digest));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingBlobIsNotFound() {
        Digest d = Digest.of(bytes("nope"));
        NotFoundException e = assertThrows(NotFoundException.class, () -> store.read(d));
        assertEquals("blob " + d + " not found", e.getMessage());
        assertThrows(NotFoundException.class, () -> store.size(d));
        assertThrows(NotFoundException.class, () -> store.open(d));
    }

    @Test
    void deleteRemovesOnce() throws IOException {
        Digest d = store.write(bytes("x"), MediaTypes.OCTET_STREAM).digest();
        assertTrue(store.delete(d));
        assertFalse(store.delete(d));
        assertFalse(store.has(d));
    }

    @Test
    void collectKeepsRootsAndRemovesTheRest() throws IOException {
        Descriptor keep = store.write(bytes("keep"), MediaTypes.OCTET_STREAM);
        Descriptor drop = store.write(bytes("drop me"), MediaTypes.OCTET_STREAM);
        Files.write(root.resolve("ingest/crashed-write.part"), bytes("half"));
        GcResult gc = store.collect(() -> Set.of(keep.digest()));
        assertEquals(Set.of(drop.digest()), gc.removed());
        assertEquals(7, gc.bytesFreed());
        assertEquals(1, gc.staleIngestFiles());
        assertTrue(store.has(keep.digest()));
        assertFalse(store.has(drop.digest()));
        assertEquals(List.of(), listIngest());
    }

    @Test
    void leaseKeepsFreshBlobsUntilClosed() throws IOException {
        Descriptor old = store.write(bytes("old"), MediaTypes.OCTET_STREAM);
        Descriptor fresh;
        try (ContentStore.Lease lease = store.lease()) {
            fresh = store.write(bytes("fresh"), MediaTypes.OCTET_STREAM);
            lease.protect(old.digest());
            assertEquals(Set.of(), store.collect(Set::of).removed());
        }
        assertEquals(Set.of(old.digest(), fresh.digest()), store.collect(Set::of).removed());
    }

    @Test
    void rootsAreAskedForOnlyOnceCollectionHoldsItsLease() throws IOException {
        // A blob written while roots are computed (an import finishing) must survive this collection.
        Descriptor[] written = new Descriptor[1];
        GcResult gc = store.collect(() -> {
            try {
                written[0] = store.write(bytes("late"), MediaTypes.OCTET_STREAM);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return Set.of();
        });
        assertEquals(Set.of(), gc.removed());
        assertTrue(store.has(written[0].digest()));
    }

    @Test
    void concurrentWritersOfTheSameContentAgree() throws Exception {
        byte[] data = bytes("x".repeat(100_000));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Descriptor>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> store.write(new ByteArrayInputStream(data), MediaTypes.OCTET_STREAM)));
            }
            for (Future<Descriptor> f : all) {
                assertEquals(Digest.of(data), f.get().digest());
            }
            assertArrayEquals(data, store.read(Digest.of(data)));
            assertEquals(List.of(), listIngest());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void descriptorSerialisesAsOci() {
        Descriptor d = new Descriptor(MediaTypes.OCI_LAYER, Digest.of(bytes("a")), 1);
        assertEquals("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + d.digest() + "\",\"size\":1}",
                new String(dev.layerlab.runtime.io.Json.toBytes(d), StandardCharsets.UTF_8));
    }

    private List<Path> listIngest() throws IOException {
        try (var s = Files.list(root.resolve("ingest"))) {
            return s.toList();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
