package dev.layerlab.server.dockerapi.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code X-Docker-Container-Path-Stat} header: a path's stat with Go's FileMode bits, base64 JSON. */
final class PathStat {
    static final long GO_DIR = 1L << 31;
    static final long GO_SYMLINK = 1L << 27;

    private PathStat() {
    }

    static String header(Path p, String name, String linkTarget) throws IOException {
        int unixMode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long mode = unixMode & 0777;
        if ((unixMode & 04000) != 0) {
            mode |= 1L << 23;
        }
        if ((unixMode & 02000) != 0) {
            mode |= 1L << 22;
        }
        if ((unixMode & 01000) != 0) {
            mode |= 1L << 20;
        }
        if (Files.isSymbolicLink(p)) {
            mode |= GO_SYMLINK;
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            mode |= GO_DIR;
        }
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("name", name);
        stat.put("size", Files.size(p));
        stat.put("mode", mode);
        stat.put("mtime", DockerTime.rfc3339Nano(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()));
        stat.put("linkTarget", linkTarget);
        byte[] json = dev.layerlab.runtime.io.Json.toBytes(stat);
        return Base64.getEncoder().encodeToString(json);
    }
}
