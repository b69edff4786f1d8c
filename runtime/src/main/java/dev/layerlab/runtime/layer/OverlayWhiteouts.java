package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The on-disk form overlayfs understands: a 0/0 char device hides a lower path, an xattr hides a lower directory's content. */
final class OverlayWhiteouts {
    private static final byte[] OPAQUE_VALUE = "y".getBytes(StandardCharsets.US_ASCII);

    private OverlayWhiteouts() {
    }

    static void writeWhiteout(Path path) throws IOException {
        try {
            LibC.INSTANCE.mknod(path.toString(), FileStat.S_IFCHR, 0);
        } catch (LastErrorException e) {
            throw new IOException("creating overlay whiteout " + path + ": " + e.getMessage(), e);
        }
    }

    static void markOpaque(Path dir) throws IOException {
        Xattrs.set(dir, Xattrs.OVERLAY_OPAQUE, OPAQUE_VALUE);
    }
}
