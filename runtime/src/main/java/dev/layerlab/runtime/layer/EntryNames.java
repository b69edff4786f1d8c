package dev.layerlab.runtime.layer;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tar entry names as layer-relative paths: {@code "./usr//bin/"} becomes {@code "usr/bin"}, the root
 * is {@code ""}, and anything that would leave the root lexically yields null.
 */
final class EntryNames {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs); meaningless for overlay, so skipped. */
    static final String AUFS_META_PREFIX = ".wh..wh.";

    private EntryNames() {
    }

    /** Normalises a relative name; null when it climbs above the root. */
    static String normalize(String name) {
        return resolve("", name);
    }

    /** Lexically resolves relative {@code path} against normalised directory {@code dir}; null if it climbs out. */
    static String resolve(String dir, String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : (dir + "/" + path).split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return String.join("/", parts);
    }

    static String parent(String normalized) {
        int slash = normalized.lastIndexOf('/');
        return slash < 0 ? "" : normalized.substring(0, slash);
    }

    static String base(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    static boolean isOpaqueMarker(String normalized) {
        return base(normalized).equals(OPAQUE_MARKER);
    }

    static boolean isAufsMetadata(String normalized) {
        return !isOpaqueMarker(normalized) && base(normalized).startsWith(AUFS_META_PREFIX);
    }

    /** {@code dir/.wh.name}: deletes {@code name}. */
    static boolean isWhiteout(String normalized) {
        return base(normalized).startsWith(WHITEOUT_PREFIX) && !base(normalized).startsWith(AUFS_META_PREFIX);
    }

    /** For a whiteout entry, the path it deletes. */
    static String whiteoutTarget(String normalized) {
        return join(parent(normalized), base(normalized).substring(WHITEOUT_PREFIX.length()));
    }
}
