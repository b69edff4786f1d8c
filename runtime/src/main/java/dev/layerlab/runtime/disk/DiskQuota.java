package dev.layerlab.runtime.disk;

import dev.layerlab.runtime.error.DiskQuotaException;
import dev.layerlab.runtime.io.BoundedInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongSupplier;

/**
 * The bytes one sandbox may use, and what it uses: its disk's blocks in use plus the bytes of images only it
 * has (the shared store keeps those for it). The kernel refuses writes to the disk itself; this refuses,
 * before they are written, what the engine would store for the sandbox outside its disk: layers of images it
 * commits or builds, and archives it loads.
 */
public final class DiskQuota {
    /** No quota: the engine's own spaces. */
    public static final DiskQuota NONE = new DiskQuota(0, () -> 0);

    /** A tar header block; a layer tar spends at most three per entry (PAX header, its data, the entry's). */
    private static final long TAR_BLOCK = 512;

    private final long quotaBytes;
    private final LongSupplier usedBytes;

    /** {@code quotaBytes} 0 means no quota; {@code usedBytes} is asked whenever a decision is made. */
    public DiskQuota(long quotaBytes, LongSupplier usedBytes) {
        this.quotaBytes = quotaBytes;
        this.usedBytes = usedBytes;
    }

    public boolean bounded() {
        return quotaBytes > 0;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public long usedBytes() {
        return bounded() ? usedBytes.getAsLong() : 0;
    }

    /** Fails with the quota's message unless {@code moreBytes} still fit. */
    public void admit(long moreBytes) {
        if (bounded() && usedBytes() + moreBytes > quotaBytes) {
            throw exceeded();
        }
    }

    /**
     * Admits the layer tar {@code dir} would become: the sum of its files rounded up to tar blocks, plus
     * three blocks per entry (header, PAX header for long names and xattrs), which the tar never exceeds.
     */
    public void admitLayerOf(Path dir) throws IOException {
        if (bounded()) {
            admit(layerTarBound(dir));
        }
    }

    /**
     * {@code in}, failing with the quota's message once more is read than fits now: for a stream the engine
     * writes to the shared store as it reads.
     */
    public InputStream limit(InputStream in) {
        if (!bounded()) {
            return in;
        }
        long room = quotaBytes - usedBytes();
        if (room <= 0) {
            throw exceeded();
        }
        // The quota's error is unchecked: thrown as it is, not wrapped in the stream's IOException.
        return new BoundedInputStream(in, room, () -> {
            throw exceeded();
        });
    }

    /** Throws the quota's error if {@code e} is the disk's ENOSPC; returns otherwise (the caller throws {@code e}). */
    public void failIfFull(IOException e) {
        if (bounded() && String.valueOf(e.getMessage()).contains("No space left on device")) {
            DiskQuotaException full = exceeded();
            full.initCause(e);
            throw full;
        }
    }

    public DiskQuotaException exceeded() {
        return new DiskQuotaException("the sandbox's disk quota of " + (quotaBytes >> 20)
                + " MB is used up: remove images, containers or volumes (docker system df)");
    }

    /** Bytes of the regular files under {@code dir} (apparent sizes, as Docker reports them); vanishing files count 0. */
    public static long bytesUnder(Path dir) {
        long[] sum = {0};
        walk(dir, (size, isFile) -> sum[0] += isFile ? size : 0);
        return sum[0];
    }

    static long layerTarBound(Path dir) {
        long[] sum = {2 * TAR_BLOCK};
        walk(dir, (size, isFile) -> sum[0] += 3 * TAR_BLOCK + (isFile ? (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK : 0));
        return sum[0];
    }

    private interface Entry {
        void add(long size, boolean isFile);
    }

    private static void walk(Path dir, Entry entry) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    entry.add(0, false);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    entry.add(attrs.size(), attrs.isRegularFile());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while we walked (a running container's files)
                }
            });
        } catch (NoSuchFileException gone) {
            // nothing there
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
