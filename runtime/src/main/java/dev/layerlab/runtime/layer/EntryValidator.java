package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * Refuses entries that could write outside the layer root or create devices. Run over the whole tar
 * before anything is written, so a bad layer leaves no trace.
 */
final class EntryValidator {
    private EntryValidator() {
    }

    /** Returns the entry's normalised name (see {@link EntryNames}). */
    static String check(TarHeader h) {
        String raw = h.name();
        if (raw.isEmpty()) {
            throw reject(h, "empty name");
        }
        if (raw.indexOf('\0') >= 0 || h.linkName().indexOf('\0') >= 0) {
            throw reject(h, "NUL byte in name or link target");
        }
        if (raw.startsWith("/")) {
            throw reject(h, "absolute path");
        }
        String name = EntryNames.normalize(raw);
        if (name == null) {
            throw reject(h, "path climbs out of the layer root");
        }
        switch (h.type()) {
            case UNSUPPORTED -> throw reject(h, "unsupported entry type '" + h.typeFlag() + "'");
            case CHAR_DEVICE, BLOCK_DEVICE -> throw reject(h, "device nodes are not allowed");
            case HARDLINK -> checkHardLink(h);
            case SYMLINK -> checkSymlink(h, name);
            default -> { }
        }
        if (name.isEmpty() && h.type() != TarHeader.Type.DIRECTORY) {
            throw reject(h, "only a directory can stand for the layer root");
        }
        if (EntryNames.isWhiteout(name)) {
            String hidden = EntryNames.base(name).substring(EntryNames.WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw reject(h, "whiteout names no file");
            }
        }
        return name;
    }

    private static void checkHardLink(TarHeader h) {
        String target = h.linkName();
        if (target.isEmpty()) {
            throw reject(h, "hard link without a target");
        }
        if (target.startsWith("/")) {
            throw reject(h, "hard link target \"" + target + "\" is absolute");
        }
        String normalized = EntryNames.normalize(target);
        if (normalized == null) {
            throw reject(h, "hard link target \"" + target + "\" climbs out of the layer root");
        }
        if (normalized.isEmpty()) {
            throw reject(h, "hard link to the layer root");
        }
    }

    // Absolute targets are fine: they are resolved inside the container's root at run time.
    private static void checkSymlink(TarHeader h, String name) {
        String target = h.linkName();
        if (target.isEmpty()) {
            throw reject(h, "symlink without a target");
        }
        if (!target.startsWith("/") && EntryNames.resolve(EntryNames.parent(name), target) == null) {
            throw reject(h, "symlink target \"" + target + "\" climbs above the layer root");
        }
    }

    private static InvalidArgumentException reject(TarHeader h, String reason) {
        return new InvalidArgumentException("layer entry \"" + h.name() + "\": " + reason);
    }
}
