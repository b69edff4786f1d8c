package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.LibC;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Extended attributes of a path itself (the l* calls), never of what a symlink points to. */
final class Xattrs {
    static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";
    static final String CAPABILITY = "security.capability";

    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int ENOTSUP = 95;

    private Xattrs() {
    }

    /** The value, or null when the attribute is absent or the filesystem has no xattrs. */
    static byte[] get(Path path, String name) throws IOException {
        String p = path.toString();
        // The size can change between the two calls; ERANGE means "grew meanwhile, ask again".
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                long size = LibC.INSTANCE.lgetxattr(p, name, null, 0);
                byte[] buf = new byte[(int) size];
                long got = LibC.INSTANCE.lgetxattr(p, name, buf, buf.length);
                return got == buf.length ? buf : Arrays.copyOf(buf, (int) got);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                    return null;
                }
                if (e.getErrorCode() != ERANGE) {
                    throw new IOException("lgetxattr " + name + " on " + p + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IOException("lgetxattr " + name + " on " + p + ": value keeps changing size");
    }

    static void set(Path path, String name, byte[] value) throws IOException {
        try {
            LibC.INSTANCE.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new IOException("lsetxattr " + name + " on " + path + ": " + e.getMessage(), e);
        }
    }

    /** Only "y" means opaque; newer kernels also write other values (e.g. "x") with different meanings. */
    static boolean isOpaque(Path dir) throws IOException {
        byte[] v = get(dir, OVERLAY_OPAQUE);
        return v != null && v.length == 1 && v[0] == 'y';
    }
}
