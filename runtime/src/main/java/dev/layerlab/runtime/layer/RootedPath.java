package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory the way the kernel would after chroot(root): symlinks met
 * on the way are followed, but an absolute target restarts at {@code root} and {@code ..} at the root
 * stays there, so the result never leaves {@code root}. Components that do not exist are taken
 * literally. Used where untrusted trees (image layers, container filesystems) are written into.
 *
 * <p>The result is only safe while nobody swaps a checked directory for a symlink concurrently;
 * callers use it on trees no container is running in.
 */
public final class RootedPath {
    /** Linux's limit (MAXSYMLINKS is 40) is per lookup; 255 matches filepath-securejoin's budget. */
    static final int MAX_SYMLINKS = 255;

    private RootedPath() {
    }

    /** Resolves every component, including a symlink at the end (like stat). */
    public static Path resolve(Path root, String path) throws IOException {
        return walk(root, path, true);
    }

    /** Resolves every component but the last, which is returned as named (like lstat, unlink, rename). */
    public static Path resolveNoFollow(Path root, String path) throws IOException {
        return walk(root, path, false);
    }

    private static Path walk(Path root, String path, boolean followLast) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Deque<String> pending = new ArrayDeque<>(parts(path));
        List<String> resolved = new ArrayList<>();
        int symlinks = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            // Lexically-last only: "a/link/.." still needs link followed to know where ".." goes.
            boolean last = pending.isEmpty();
            Path candidate = base.resolve(String.join("/", resolved)).resolve(part);
            if ((last && !followLast) || !Files.isSymbolicLink(candidate)) {
                resolved.add(part);
                continue;
            }
            if (++symlinks > MAX_SYMLINKS) {
                throw new InvalidArgumentException("too many levels of symbolic links resolving \"" + path
                        + "\" in " + root);
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            List<String> targetParts = parts(target);
            for (int i = targetParts.size() - 1; i >= 0; i--) {
                pending.addFirst(targetParts.get(i));
            }
        }
        return resolved.isEmpty() ? base : base.resolve(String.join("/", resolved));
    }

    private static List<String> parts(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                out.add(s);
            }
        }
        return out;
    }
}
