package dev.layerlab.runtime.layer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory (an overlay upper dir or a plain rootfs) as a layer tar: children sorted by name so the
 * same tree always gives the same bytes, overlay whiteouts and opaque dirs turned back into their
 * {@code .wh.} entries, hard links detected by inode.
 */
final class TreeTarWriter {
    private static final int WHITEOUT_MODE = 0600;

    private final Path root;
    private final TarWriter tar;
    /** dev:ino of multiply-linked files already archived, to the entry name they were archived under. */
    private final Map<String, String> linkedInodes = new HashMap<>();
    private long contentSize;

    private TreeTarWriter(Path root, TarWriter tar) {
        this.root = root;
        this.tar = tar;
    }

    static LayerTars.LayerStats write(Path dir, OutputStream out) throws IOException {
        FileStat rootStat = FileStat.of(dir);
        if (!rootStat.isDirectory()) {
            throw new NotDirectoryException(dir.toString());
        }
        HashingOutputStream hashing = new HashingOutputStream(out);
        BufferedOutputStream buffered = new BufferedOutputStream(hashing, 1 << 16);
        TreeTarWriter writer = new TreeTarWriter(dir, new TarWriter(buffered));
        if (Xattrs.isOpaque(dir)) {
            writer.opaqueMarker("", rootStat);
        }
        writer.children(dir, "");
        writer.tar.finish();
        buffered.flush();
        return new LayerTars.LayerStats(hashing.digest(), hashing.count(), writer.contentSize);
    }

    private void children(Path dir, String prefix) throws IOException {
        List<Path> children;
        try (var list = Files.list(dir)) {
            children = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        for (Path child : children) {
            entry(child, prefix + child.getFileName(), FileStat.of(child));
        }
    }

    private void entry(Path path, String name, FileStat st) throws IOException {
        if (st.isWhiteout()) {
            String whiteout = EntryNames.join(EntryNames.parent(name), EntryNames.WHITEOUT_PREFIX + EntryNames.base(name));
            tar.write(header(whiteout, TarHeader.Type.FILE, st, WHITEOUT_MODE, 0, "", Map.of()), null);
        } else if (st.isDirectory()) {
            tar.write(header(name + "/", TarHeader.Type.DIRECTORY, st, st.permissions(), 0, "", Map.of()), null);
            if (Xattrs.isOpaque(path)) {
                opaqueMarker(name, st);
            }
            children(path, name + "/");
        } else if (st.isRegular()) {
            regularFile(path, name, st);
        } else if (st.isSymlink()) {
            String target = Files.readSymbolicLink(path).toString();
            tar.write(header(name, TarHeader.Type.SYMLINK, st, st.permissions(), 0, target, Map.of()), null);
        } else if (st.isFifo()) {
            tar.write(header(name, TarHeader.Type.FIFO, st, st.permissions(), 0, "", Map.of()), null);
        }
        // Devices and sockets are left out: containers cannot mknod, and sockets do not survive a tar.
    }

    private void regularFile(Path path, String name, FileStat st) throws IOException {
        if (st.nlink() > 1) {
            String key = st.dev() + ":" + st.ino();
            String first = linkedInodes.putIfAbsent(key, name);
            if (first != null) {
                tar.write(header(name, TarHeader.Type.HARDLINK, st, st.permissions(), 0, first, Map.of()), null);
                return;
            }
        }
        byte[] capability = Xattrs.get(path, Xattrs.CAPABILITY);
        Map<String, byte[]> xattrs = capability == null ? Map.of() : Map.of(Xattrs.CAPABILITY, capability);
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            tar.write(header(name, TarHeader.Type.FILE, st, st.permissions(), st.size(), "", xattrs), in);
        }
        contentSize += st.size();
    }

    /** Docker writes the marker right after its directory, with the directory's owner and permissions. */
    private void opaqueMarker(String dirName, FileStat dirStat) throws IOException {
        String marker = EntryNames.join(dirName, EntryNames.OPAQUE_MARKER);
        tar.write(header(marker, TarHeader.Type.FILE, dirStat, dirStat.permissions(), 0, "", Map.of()), null);
    }

    private static TarHeader header(String name, TarHeader.Type type, FileStat st, int mode, long size,
                                    String link, Map<String, byte[]> xattrs) {
        return new TarHeader(name, type, ' ', size, mode, Integer.toUnsignedLong(st.uid()),
                Integer.toUnsignedLong(st.gid()), st.mtime().toInstant().getEpochSecond(), 0, link, xattrs);
    }
}
