package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Digest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A comparable description of a tree: relative path to type, mode, owner, and content or link target. */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    static Map<String, String> of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (!p.equals(root)) {
                    out.put(root.relativize(p).toString(), describe(p));
                }
            }
        }
        return out;
    }

    static String describe(Path p) throws IOException {
        FileStat st = FileStat.of(p);
        String common = String.format("%04o %d:%d", st.permissions(), st.uid(), st.gid());
        if (st.isRegular()) {
            return "file " + common + " " + Digest.of(Files.readAllBytes(p)).shortId()
                    + " mtime=" + st.mtime().toInstant().getEpochSecond();
        }
        if (st.isDirectory()) {
            return "dir " + common;
        }
        if (st.isSymlink()) {
            return "symlink " + st.uid() + ":" + st.gid() + " -> " + Files.readSymbolicLink(p);
        }
        if (st.isFifo()) {
            return "fifo " + common;
        }
        return String.format("other mode=%o rdev=%d", st.mode(), st.rdev());
    }
}
