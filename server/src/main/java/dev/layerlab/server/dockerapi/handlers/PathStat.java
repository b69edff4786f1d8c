package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.fs.PathFd;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code X-Docker-Container-Path-Stat} header: a file's stat with Go's FileMode bits, base64 JSON. */
final class PathStat {
    static final long GO_DIR = 1L << 31;
    static final long GO_SYMLINK = 1L << 27;
    static final int S_IFMT = 0170000;
    static final int S_IFLNK = 0120000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;

    private PathStat() {
    }

    /** {@code file}: the file itself (a symlink not followed), held by descriptor. */
    static String header(PathFd file, String name) throws IOException {
        Map<String, Object> a = file.attributes();
        int unixMode = (Integer) a.get("mode");
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
        boolean link = (unixMode & S_IFMT) == S_IFLNK;
        if (link) {
            mode |= GO_SYMLINK;
        } else if ((unixMode & S_IFMT) == S_IFDIR) {
            mode |= GO_DIR;
        }
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("name", name);
        stat.put("size", a.get("size"));
        stat.put("mode", mode);
        stat.put("mtime", DockerTime.rfc3339Nano(((FileTime) a.get("lastModifiedTime")).toInstant()));
        stat.put("linkTarget", link ? file.linkTarget() : "");
        byte[] json = dev.layerlab.runtime.io.Json.toBytes(stat);
        return Base64.getEncoder().encodeToString(json);
    }
}
