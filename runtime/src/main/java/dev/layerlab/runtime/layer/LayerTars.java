package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Digest;

import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Layer tars in and out of directories. A layer blob may be a plain, gzip or zstd tar (detected by
 * magic bytes). Every entry is validated before anything is written: names that are absolute or climb
 * out with {@code ..}, hard links to outside the root, symlinks whose relative target climbs above
 * the root, and device nodes are refused with {@link dev.layerlab.runtime.error.InvalidArgumentException}
 * naming the entry, and nothing of the layer is applied.
 */
public final class LayerTars {
    private LayerTars() {
    }

    /**
     * What an applied or written layer is: its diffID (sha256 of the uncompressed tar), the length of
     * that uncompressed tar, and its unpacked size (bytes of regular-file data; hard links count once).
     */
    public record LayerStats(Digest diffId, long uncompressedTarSize, long contentSize) {
    }

    /**
     * Extracts a layer into a fresh overlay "diff" directory {@code target} (which must not exist):
     * {@code .wh.x} becomes an overlay whiteout (char device 0/0 named x) and {@code .wh..wh..opq}
     * sets {@code trusted.overlay.opaque=y} on its directory. Extracts into a temp sibling and renames
     * it into place, so on any error {@code target} does not exist afterwards. A layer whose tar is
     * larger than {@code maxTarBytes} is refused ({@link LayerTooLargeException}) before anything is written.
     */
    public static LayerStats extractAsOverlayDiff(Path layerBlob, Path target, long maxTarBytes) throws IOException {
        return DiffExtractor.extract(layerBlob, target, maxTarBytes);
    }

    /** {@link #extractAsOverlayDiff(Path, Path, long)} of a layer of any size. */
    public static LayerStats extractAsOverlayDiff(Path layerBlob, Path target) throws IOException {
        return extractAsOverlayDiff(layerBlob, target, Long.MAX_VALUE);
    }

    /**
     * Applies a layer onto an existing root filesystem directory, whiteouts deleting what they name.
     * Symlinks already in {@code root} are resolved within {@code root}, never outside it.
     */
    public static LayerStats applyOnto(Path layerBlob, Path root) throws IOException {
        return applyOnto(layerBlob, root, IdRange.NONE);
    }

    /**
     * {@link #applyOnto(Path, Path)} onto a running container's files as its user namespace shows them:
     * the tar's owners are ids inside {@code ids}. Run it as the sandbox's root ({@code userns.AsSandboxRoot}).
     */
    public static LayerStats applyOnto(Path layerBlob, Path root, IdRange ids) throws IOException {
        return RootfsApplier.apply(layerBlob, root, ids);
    }

    /**
     * docker cp into a container: extracts a tar into the directory {@code dir} holds, by descriptor
     * ({@link FdExtractor}), so that a directory swapped for a symlink by another process meanwhile can
     * only fail the copy. Owners are ids inside {@code ids}; run it as the sandbox's root
     * ({@code userns.AsSandboxRoot}). The tar is validated whole first, as {@link #applyOnto(Path, Path)}.
     */
    public static void extractInto(Path tar, PathFd dir, IdRange ids) throws IOException {
        FdExtractor.extract(tar, dir, ids);
    }

    /**
     * Writes an uncompressed, reproducible layer tar of {@code dir} to {@code out}: overlay whiteouts
     * become {@code .wh.x} entries and opaque directories get a {@code .wh..wh..opq} entry. Works as
     * well on a plain directory (a base image rootfs). Returns the diffID of what was written.
     */
    public static LayerStats writeLayer(Path dir, OutputStream out) throws IOException {
        return TreeTarWriter.write(dir, out);
    }

    /** Whether {@code dir} is an overlay opaque directory (it hides what lower layers have below it). */
    public static boolean isOpaqueDirectory(Path dir) throws IOException {
        return Xattrs.isOpaque(dir);
    }
}
