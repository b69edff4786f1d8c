package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.layer.FileStat;

import dev.layerlab.runtime.layer.RootedPath;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build cache's view of COPY/ADD sources, named like Docker's ("file:", "dir:", "multi:" plus a
 * sha256): each entry's relative name, type, permission bits, uid/gid, symlink target and content.
 * Times are left out, as Docker's cache ignores them. A top-level symlink counts as what it points to
 * (under its own name), since that is what gets copied.
 */
final class SourceChecksum {
    private SourceChecksum() {
    }

    static String of(List<CopySource> sources) throws IOException {
        List<String> each = new ArrayList<>();
        for (CopySource s : sources) {
            each.add(one(s));
        }
        if (each.size() == 1) {
            return each.getFirst();
        }
        MessageDigest md = sha256();
        for (String h : each) {
            update(md, h);
        }
        return "multi:" + HexFormat.of().formatHex(md.digest());
    }

    private static String one(CopySource s) throws IOException {
        Path top = RootedPath.resolve(s.root(), s.relativePath());
        MessageDigest md = sha256();
        FileStat st = FileStat.of(top);
        if (st.isDirectory()) {
            entry(md, top, "", st);
            walk(md, top, "");
            return "dir:" + HexFormat.of().formatHex(md.digest());
        }
        entry(md, top, GoPaths.base(s.relativePath()), st);
        return "file:" + HexFormat.of().formatHex(md.digest());
    }

    private static void walk(MessageDigest md, Path dir, String prefix) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String rel = prefix + child.getFileName();
            FileStat st = FileStat.of(child);
            entry(md, child, rel, st);
            if (st.isDirectory()) {
                walk(md, child, rel + "/");
            }
        }
    }

    private static void entry(MessageDigest md, Path path, String name, FileStat st) throws IOException {
        update(md, name);
        update(md, Integer.toOctalString(st.mode()) + " " + st.uid() + ":" + st.gid());
        if (st.isSymlink()) {
            update(md, Files.readSymbolicLink(path).toString());
        } else if (st.isRegular()) {
            update(md, Long.toString(st.size()));
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(path)) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    md.update(buf, 0, n);
                }
            }
        }
    }

    /** Length-prefixed, so no two sequences of strings hash alike by concatenation. */
    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
