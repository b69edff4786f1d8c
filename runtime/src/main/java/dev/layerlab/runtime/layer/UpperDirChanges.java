package dev.layerlab.runtime.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a container changed, read from its overlay upper dir, in the spirit of {@code docker diff}.
 * Every path in the upper dir is a change: it either hides a lower path (MODIFIED), hides nothing
 * (ADDED), or is a whiteout (DELETED). Directories merely copied up on the way to a change are
 * MODIFIED, like Docker's "C" for parent directories.
 */
public final class UpperDirChanges {
    public enum Kind { ADDED, MODIFIED, DELETED }

    /** {@code path} is absolute in the container, e.g. {@code /etc/hosts}. */
    public record Change(String path, Kind kind) {
    }

    private UpperDirChanges() {
    }

    /**
     * Changes in {@code upperDir} against {@code lowerDiffDirsTopFirst}, sorted by path. Inside an opaque
     * directory everything is ADDED, since nothing of the lower directory shows through any more; what
     * the opaque directory hid is not listed.
     */
    public static List<Change> list(Path upperDir, List<Path> lowerDiffDirsTopFirst) throws IOException {
        List<Change> changes = new ArrayList<>();
        walk(upperDir, "", lowerDiffDirsTopFirst, false, changes);
        changes.sort(Comparator.comparing(Change::path));
        return changes;
    }

    private static void walk(Path dir, String prefix, List<Path> lowers, boolean nothingBelow, List<Change> out)
            throws IOException {
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            String path = prefix + "/" + child.getFileName();
            FileStat st = FileStat.of(child);
            if (st.isWhiteout()) {
                // Under an opaque directory a whiteout hides nothing, so it is not a deletion anyone sees.
                if (!nothingBelow) {
                    out.add(new Change(path, Kind.DELETED));
                }
                continue;
            }
            boolean inLower = !nothingBelow && LayerLookup.whichLayer(path, lowers) >= 0;
            out.add(new Change(path, inLower ? Kind.MODIFIED : Kind.ADDED));
            if (st.isDirectory()) {
                // A new directory has nothing below it either, which spares the lookups for its subtree.
                boolean hidesLower = nothingBelow || !inLower || Xattrs.isOpaque(child);
                walk(child, path, lowers, hidesLower, out);
            }
        }
    }
}
