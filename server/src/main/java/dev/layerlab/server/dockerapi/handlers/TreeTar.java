package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.UserDatabase;
import dev.layerlab.runtime.userns.IdRange;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A file or directory tree as a tar whose entries start at {@code name} (docker cp out). Never follows
 * symlinks. Owners are written as the container sees them ({@code ids.inside}), with their user and
 * group names from the container's own /etc/passwd and /etc/group, as dockerd writes them.
 */
final class TreeTar {
    private TreeTar() {
    }

    private record Owners(IdRange ids, Map<Integer, String> users, Map<Integer, String> groups) {
    }

    /** {@code root}: the container's root filesystem, whose /etc/passwd and /etc/group name the owners. */
    static void write(Path root, Path source, String name, OutputStream out, IdRange ids) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        add(tar, source, name, new Owners(ids, UserDatabase.names(root, "passwd"), UserDatabase.names(root, "group")));
        tar.finish();
        tar.flush();
    }

    private static void add(TarArchiveOutputStream tar, Path p, String name, Owners owners) throws IOException {
        boolean link = Files.isSymbolicLink(p);
        boolean dir = !link && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry e;
        if (link) {
            e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
        } else if (dir) {
            e = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            e = new TarArchiveEntry(name);
            e.setSize(Files.size(p));
        } else {
            return; // sockets, fifos and devices are not copied out
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        e.setMode(mode & 07777);
        int uid = owners.ids().inside((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        int gid = owners.ids().inside((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        e.setIds(uid, gid);
        e.setUserName(owners.users().getOrDefault(uid, ""));
        e.setGroupName(owners.groups().getOrDefault(gid, ""));
        e.setModTime(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
        tar.putArchiveEntry(e);
        if (e.isFile()) {
            Files.copy(p, tar);
        }
        tar.closeArchiveEntry();
        if (dir) {
            List<Path> children;
            try (Stream<Path> s = Files.list(p)) {
                children = s.sorted().toList();
            }
            for (Path child : children) {
                add(tar, child, name + "/" + child.getFileName(), owners);
            }
        }
    }
}
