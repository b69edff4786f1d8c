package dev.layerlab.runtime.build.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/** Small helpers to build and inspect test trees. */
final class Trees {
    static final FileTime OLD = FileTime.from(Instant.parse("2020-05-06T07:08:09Z"));

    private Trees() {
    }

    static Path file(Path root, String rel, String content, int mode) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
            Files.setAttribute(p, "unix:mode", mode);
            Files.setLastModifiedTime(p, OLD);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(Path root, String rel, String content) {
        return file(root, rel, content, 0644);
    }

    static Path symlink(Path root, String rel, String target) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, Path.of(target));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static String owner(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        return a.get("uid") + ":" + a.get("gid");
    }

    static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
