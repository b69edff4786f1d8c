package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Ownership, mode, xattrs and times of an extracted entry, set through the l* calls so links are never
 * followed. Owners are the tar's as seen inside {@code ids}' user namespace (the identity for the engine's trees).
 */
final class Metadata {
    private Metadata() {
    }

    /** The entry's owner {uid, gid} as the host sees it through {@code ids}; an id the namespace lacks is an error. */
    static int[] ownerOutside(TarHeader h, IdRange ids) throws IOException {
        try {
            return new int[]{ids.outside((int) h.uid()), ids.outside((int) h.gid())};
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot set the owner of " + h.name() + " to " + h.uid() + ":" + h.gid()
                    + ": the container's user namespace has ids 0-" + (ids.size() - 1) + " only");
        }
    }

    /**
     * Order matters: chown clears setuid/setgid and security.capability, so it goes first; times go
     * last because setting xattrs does not touch mtime but writing content would.
     */
    static void apply(Path path, TarHeader h, IdRange ids) throws IOException {
        String p = path.toString();
        int[] owner = ownerOutside(h, ids);
        int uid = owner[0];
        int gid = owner[1];
        try {
            LibC.INSTANCE.lchown(p, uid, gid);
            if (h.type() != TarHeader.Type.SYMLINK) {
                LibC.INSTANCE.chmod(p, h.mode() & 07777);
            }
        } catch (LastErrorException e) {
            throw new IOException("setting owner/mode of " + p + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, byte[]> x : h.xattrs().entrySet()) {
            // trusted.* would let a layer forge overlay metadata (opaque, redirect) in our diff dirs.
            if (!x.getKey().startsWith("trusted.")) {
                Xattrs.set(path, x.getKey(), x.getValue());
            }
        }
        if (h.type() != TarHeader.Type.DIRECTORY) {
            setTimes(path, h.mtimeSeconds(), h.mtimeNanos());
        }
    }

    /** Sets atime and mtime; a symlink's own times, not its target's. */
    static void setTimes(Path path, long seconds, int nanos) throws IOException {
        long[] times = {seconds, nanos, seconds, nanos};
        try {
            LibC.INSTANCE.utimensat(LibC.AT_FDCWD, path.toString(), times, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new IOException("setting times of " + path + ": " + e.getMessage(), e);
        }
    }

    static void chmod(Path path, int mode) throws IOException {
        try {
            LibC.INSTANCE.chmod(path.toString(), mode);
        } catch (LastErrorException e) {
            throw new IOException("chmod " + path + ": " + e.getMessage(), e);
        }
    }
}
