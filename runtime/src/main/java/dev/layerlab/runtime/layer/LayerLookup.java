package dev.layerlab.runtime.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which overlay layer a path of the merged view comes from. Paths are looked up literally, as
 * overlayfs stores them: a symlink on the way is a non-directory that hides whatever lower layers
 * have beneath that name, not something to follow.
 */
public final class LayerLookup {
    private LayerLookup() {
    }

    /**
     * Index into {@code diffDirsTopFirst} of the topmost layer that has {@code path} (absolute in the
     * container, e.g. {@code /etc/passwd}), or -1 if the merged view does not show it: no layer has
     * it, or a whiteout, an opaque directory or a non-directory above it hides the lower copies.
     */
    public static int whichLayer(String path, List<Path> diffDirsTopFirst) throws IOException {
        List<String> parts = components(path);
        for (int i = 0; i < diffDirsTopFirst.size(); i++) {
            Probe probe = probe(diffDirsTopFirst.get(i), parts);
            if (probe == Probe.PRESENT) {
                return i;
            }
            if (probe != Probe.ABSENT) {
                return -1;
            }
        }
        return -1;
    }

    enum Probe { PRESENT, ABSENT, HIDDEN, OPAQUE_ABOVE }

    /**
     * What one layer says about a path. Ancestors are checked top-down and never followed, so a
     * symlink inside a layer cannot send the lookup elsewhere on the host.
     */
    static Probe probe(Path layer, List<String> parts) throws IOException {
        Path p = layer;
        boolean opaqueAbove = !parts.isEmpty() && Xattrs.isOpaque(layer);
        for (int depth = 0; depth < parts.size(); depth++) {
            p = p.resolve(parts.get(depth));
            FileStat st = FileStat.ofOrNull(p);
            boolean last = depth == parts.size() - 1;
            if (st == null) {
                return opaqueAbove ? Probe.OPAQUE_ABOVE : Probe.ABSENT;
            }
            if (st.isWhiteout()) {
                return Probe.HIDDEN;
            }
            if (last) {
                return Probe.PRESENT;
            }
            if (!st.isDirectory()) {
                return Probe.HIDDEN;
            }
            opaqueAbove |= Xattrs.isOpaque(p);
        }
        return Probe.PRESENT; // the root directory is in every layer
    }

    /** Normalised components; ".." stops at the root as it does in the container. */
    static List<String> components(String path) {
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(s);
            }
        }
        return parts;
    }
}
