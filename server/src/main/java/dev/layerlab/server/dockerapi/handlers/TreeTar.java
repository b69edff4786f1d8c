package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.UserDatabase;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.userns.IdRange;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * A file or directory tree as a tar whose entries start at {@code name} (docker cp out), walked by
 * descriptor: each child is opened relative to its directory's descriptor without following it
 * ({@code O_PATH | O_NOFOLLOW}), and what it is, and its content, come from that descriptor. A directory
 * swapped for a symlink meanwhile (by another container sharing a volume) is then written as the symlink,
 * never followed. A file that grows or shrinks while read is cut or padded to the size it had when its
 * entry was written. Owners are written as the container sees them ({@code ids.inside}), with their user
 * and group names from the container's own /etc/passwd and /etc/group, as dockerd writes them.
 */
final class TreeTar {
    /** Bounds the recursion (each level holds a descriptor); deeper trees are refused. */
    private static final int MAX_DEPTH = 512;

    private TreeTar() {
    }

    private record Owners(IdRange ids, Map<Integer, String> users, Map<Integer, String> groups) {
    }

    /** {@code root}: the container's root filesystem, whose /etc/passwd and /etc/group name the owners. */
    static void write(Path root, PathFd source, String name, OutputStream out, IdRange ids) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        add(tar, source, name, new Owners(ids, UserDatabase.names(root, "passwd"), UserDatabase.names(root, "group")), 0);
        tar.finish();
        tar.flush();
    }

    private static void add(TarArchiveOutputStream tar, PathFd file, String name, Owners owners, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidArgumentException("cannot copy a tree nested deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> a = file.attributes();
        int mode = (Integer) a.get("mode");
        int type = mode & PathStat.S_IFMT;
        long size = (Long) a.get("size");
        TarArchiveEntry e;
        if (type == PathStat.S_IFLNK) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(file.linkTarget());
        } else if (type == PathStat.S_IFDIR) {
            e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
        } else if (type == PathStat.S_IFREG) {
            e = new TarArchiveEntry(name);
            e.setSize(size);
        } else {
            return; // sockets, fifos and devices are not copied out
        }
        e.setMode(mode & 07777);
        int uid = owners.ids().inside((Integer) a.get("uid"));
        int gid = owners.ids().inside((Integer) a.get("gid"));
        e.setIds(uid, gid);
        e.setUserName(owners.users().getOrDefault(uid, ""));
        e.setGroupName(owners.groups().getOrDefault(gid, ""));
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        tar.putArchiveEntry(e);
        if (e.isFile()) {
            copyExactly(file, size, tar);
        }
        tar.closeArchiveEntry();
        if (type == PathStat.S_IFDIR) {
            for (String child : file.childNames()) {
                PathFd c;
                try {
                    c = file.child(child);
                } catch (ErrnoException gone) {
                    if (gone.errno() == ErrnoException.ENOENT) {
                        continue; // removed since it was listed
                    }
                    throw gone;
                }
                try (c) {
                    add(tar, c, name + "/" + child, owners, depth + 1);
                }
            }
        }
    }

    /** The file's content through its own descriptor (a regular file: opening it cannot block), exactly {@code size} bytes. */
    private static void copyExactly(PathFd file, long size, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        try (InputStream in = Files.newInputStream(file.procPath())) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
        java.util.Arrays.fill(buf, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buf.length, left);
            out.write(buf, 0, n);
            left -= n;
        }
    }
}
