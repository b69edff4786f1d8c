package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a layer onto a flat root filesystem, as after chroot(root): symlinks already in the tree are
 * followed but never out of it. Validation happens first, so a refused layer changes nothing; an I/O
 * failure halfway (disk full) can leave the root partly applied, as with Docker.
 */
final class RootfsApplier {
    private final Path root;
    private final EntryWriter writer;
    /** Paths this layer wrote, and their ancestors: what an opaque marker must spare. */
    private final Set<Path> written = new HashSet<>();

    private RootfsApplier(Path root, IdRange ids) {
        this.root = root;
        this.writer = new EntryWriter(ids);
    }

    static LayerTars.LayerStats apply(Path blob, Path root, IdRange ids) throws IOException {
        Path base = root.toRealPath();
        if (!Files.isDirectory(base)) {
            throw new NotDirectoryException(base.toString());
        }
        LayerTars.LayerStats stats = LayerScan.validate(blob, Long.MAX_VALUE);
        RootfsApplier applier = new RootfsApplier(base, ids);
        LayerScan.forEach(blob, applier::entry);
        applier.writer.finish();
        return stats;
    }

    private void entry(TarHeader h, String name, InputStream content) throws IOException {
        if (EntryNames.isAufsMetadata(name)) {
            return;
        }
        if (EntryNames.isOpaqueMarker(name)) {
            Path dir = RootedPath.resolve(root, EntryNames.parent(name));
            FileStat st = FileStat.ofOrNull(dir);
            if (st != null && st.isDirectory()) {
                removeOlderContent(dir);
            }
            return;
        }
        if (EntryNames.isWhiteout(name)) {
            Path victim = RootedPath.resolveNoFollow(root, EntryNames.whiteoutTarget(name));
            if (!victim.equals(root)) {
                AtomicFiles.deleteTree(victim);
            }
            return;
        }
        Path dest = RootedPath.resolveNoFollow(root, name);
        if (!dest.equals(root)) {
            dest = StrictPaths.prepare(root, root.relativize(dest).toString(), h.name());
        }
        Path linkTarget = h.type() == TarHeader.Type.HARDLINK
                ? RootedPath.resolveNoFollow(root, h.linkName())
                : null;
        writer.write(h, dest, content, linkTarget);
        for (Path p = dest; p != null && p.startsWith(root); p = p.getParent()) {
            written.add(p);
        }
    }

    /**
     * Docker's rule for {@code .wh..wh..opq}: the directory loses what lower layers put there, but
     * entries of this same layer stay, whether they came before or after the marker in the tar.
     */
    private void removeOlderContent(Path dir) throws IOException {
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            if (!written.contains(child)) {
                AtomicFiles.deleteTree(child);
            } else if (FileStat.of(child).isDirectory()) {
                removeOlderContent(child);
            }
        }
    }
}
