package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Walks a relative path under a root without ever following a symlink: every parent must be a real
 * directory. In a fresh diff dir this is the rule; after {@link RootedPath} it holds by construction.
 */
final class StrictPaths {
    private static final int NEW_DIR_MODE = 0755;

    private StrictPaths() {
    }

    /** The host path for {@code relative}, its missing parents created as 0755 directories. */
    static Path prepare(Path root, String relative, String entryName) throws IOException {
        if (relative.isEmpty()) {
            return root;
        }
        String[] parts = relative.split("/");
        Path p = root;
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            FileStat st = FileStat.ofOrNull(p);
            if (st == null) {
                Files.createDirectory(p);
                Metadata.chmod(p, NEW_DIR_MODE);
            } else if (!st.isDirectory()) {
                throw notADirectory(entryName, root.relativize(p), st);
            }
        }
        return p.resolve(parts[parts.length - 1]);
    }

    /** The host path of an already written, non-directory entry (a hard link's target). */
    static Path existing(Path root, String relative, String entryName) throws IOException {
        Path p = root;
        String[] parts = relative.split("/");
        for (int i = 0; i < parts.length; i++) {
            p = p.resolve(parts[i]);
            FileStat st = FileStat.ofOrNull(p);
            if (st == null) {
                throw new InvalidArgumentException("layer entry \"" + entryName + "\": hard link target \""
                        + relative + "\" does not exist (it must come earlier in the same layer)");
            }
            if (i < parts.length - 1 && !st.isDirectory()) {
                throw notADirectory(entryName, root.relativize(p), st);
            }
            if (i == parts.length - 1 && st.isDirectory()) {
                throw new InvalidArgumentException("layer entry \"" + entryName + "\": hard link to directory \""
                        + relative + "\"");
            }
        }
        return p;
    }

    private static InvalidArgumentException notADirectory(String entryName, Path parent, FileStat st) {
        String what = st.isSymlink() ? "a symlink; refusing to write through it" : "not a directory";
        return new InvalidArgumentException("layer entry \"" + entryName + "\": parent \"" + parent + "\" is " + what);
    }
}
