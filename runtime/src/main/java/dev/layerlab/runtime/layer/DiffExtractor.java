package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Unpacks a layer into a fresh overlay lower ("diff") directory. Whiteout entries stay whiteouts in
 * overlay's own encoding instead of deleting anything, since the lower layers live elsewhere.
 */
final class DiffExtractor {
    private final Path root;
    private final EntryWriter writer = new EntryWriter();

    private DiffExtractor(Path root) {
        this.root = root;
    }

    static LayerTars.LayerStats extract(Path blob, Path target, long maxTarBytes) throws IOException {
        Path dest = target.toAbsolutePath().normalize();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(dest.toString());
        }
        LayerTars.LayerStats stats = LayerScan.validate(blob, maxTarBytes);
        // A sibling, so the final rename stays on one filesystem and is atomic.
        Path tmp = dest.getParent().resolve(".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            Metadata.chmod(tmp, 0755);
            DiffExtractor extractor = new DiffExtractor(tmp);
            LayerScan.forEach(blob, extractor::entry);
            extractor.writer.finish();
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            return stats;
        } catch (IOException | RuntimeException | Error e) {
            try {
                AtomicFiles.deleteTree(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void entry(TarHeader h, String name, InputStream content) throws IOException {
        if (EntryNames.isAufsMetadata(name)) {
            return;
        }
        if (EntryNames.isOpaqueMarker(name)) {
            // Preparing the marker's path creates (or checks) the directory it marks.
            OverlayWhiteouts.markOpaque(StrictPaths.prepare(root, name, h.name()).getParent());
            return;
        }
        if (EntryNames.isWhiteout(name)) {
            Path hidden = StrictPaths.prepare(root, EntryNames.whiteoutTarget(name), h.name());
            AtomicFiles.deleteTree(hidden);
            OverlayWhiteouts.writeWhiteout(hidden);
            return;
        }
        Path dest = StrictPaths.prepare(root, name, h.name());
        Path linkTarget = h.type() == TarHeader.Type.HARDLINK
                ? StrictPaths.existing(root, EntryNames.normalize(h.linkName()), h.name())
                : null;
        writer.write(h, dest, content, linkTarget);
    }
}
