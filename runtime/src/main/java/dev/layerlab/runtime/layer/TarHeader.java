package dev.layerlab.runtime.layer;

import java.util.Map;

/**
 * One tar entry's header after PAX and GNU long-name records have been folded in. {@code xattrs}
 * keeps raw bytes because values like security.capability are binary, not UTF-8.
 */
record TarHeader(String name, Type type, char typeFlag, long size, int mode, long uid, long gid,
                 long mtimeSeconds, int mtimeNanos, String linkName, Map<String, byte[]> xattrs) {

    enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE, UNSUPPORTED }

    TarHeader {
        xattrs = Map.copyOf(xattrs);
    }

    static Type typeOf(char flag, String name) {
        return switch (flag) {
            // Pre-POSIX tars mark directories only by a trailing slash on a regular entry.
            case '0', '\0', '7' -> name.endsWith("/") ? Type.DIRECTORY : Type.FILE;
            case '1' -> Type.HARDLINK;
            case '2' -> Type.SYMLINK;
            case '3' -> Type.CHAR_DEVICE;
            case '4' -> Type.BLOCK_DEVICE;
            case '5' -> Type.DIRECTORY;
            case '6' -> Type.FIFO;
            default -> Type.UNSUPPORTED;
        };
    }

    /** Like Go's archive/tar (which writes most image layers), link, device, dir and FIFO entries have no data. */
    boolean hasData() {
        return type == Type.FILE || type == Type.UNSUPPORTED;
    }
}
