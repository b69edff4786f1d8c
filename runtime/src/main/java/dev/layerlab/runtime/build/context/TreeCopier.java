package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.layer.FileStat;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.LibC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Copies entries the way Docker's tar-based copy does: symlinks stay symlinks, hard links inside one
 * copy stay linked, regular files and directories keep their mode bits and mtime, sockets and device
 * nodes are left out. Whatever is at a destination goes first unless both are directories (then the
 * directories merge), so nothing is ever written through a symlink already in the destination.
 */
final class TreeCopier {
    /** Owner of every copied entry; null keeps the source's uid/gid. */
    private final FileCopier.Owner owner;
    /** Permission bits for every copied file and directory; null keeps the source's. */
    private final Integer mode;
    private final Map<Object, Path> hardLinks = new HashMap<>();

    TreeCopier(FileCopier.Owner owner, Integer mode) {
        this.owner = owner;
        this.mode = mode;
    }

    /** Copies what is inside {@code srcDir} into the existing directory {@code destDir}. */
    void copyContents(Path srcDir, Path destDir) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(srcDir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            copy(child, destDir.resolve(child.getFileName().toString()));
        }
    }

    /** Copies one entry (a directory with everything below it) to {@code dest}. */
    void copy(Path src, Path dest) throws IOException {
        FileStat st = FileStat.of(src);
        if (!st.isDirectory() && !st.isRegular() && !st.isSymlink() && st.type() != FileStat.S_IFIFO) {
            return;
        }
        FileStat existing = FileStat.ofOrNull(dest);
        boolean merge = existing != null && existing.isDirectory() && st.isDirectory();
        if (existing != null && !merge) {
            AtomicFiles.deleteTree(dest);
        }
        if (st.isDirectory()) {
            if (!merge) {
                Files.createDirectory(dest);
            }
            copyContents(src, dest);
        } else if (st.isRegular()) {
            Path first = st.nlink() > 1 ? hardLinks.get(st.fileKey()) : null;
            if (first != null) {
                Files.createLink(dest, first);
                return;
            }
            Files.copy(src, dest);
            if (st.nlink() > 1) {
                hardLinks.put(st.fileKey(), dest);
            }
        } else if (st.isSymlink()) {
            Files.createSymbolicLink(dest, Files.readSymbolicLink(src));
        } else {
            mkfifo(dest);
        }
        applyAttributes(dest, st);
    }

    /** Owner first (chown clears setuid bits), then mode, then times (last, as writing bumps them). */
    void applyAttributes(Path dest, FileStat source) throws IOException {
        FileSetters.lchown(dest, owner == null ? source.uid() : owner.uid(), owner == null ? source.gid() : owner.gid());
        if (!source.isSymlink()) {
            FileSetters.chmod(dest, mode != null ? mode : source.permissions());
        }
        // Docker's tar headers hold whole seconds (archive.FileInfoHeader truncates).
        FileSetters.setTimes(dest, FileTime.from(source.mtime().to(TimeUnit.SECONDS), TimeUnit.SECONDS));
    }

    private static void mkfifo(Path dest) throws IOException {
        try {
            LibC.INSTANCE.mkfifo(dest.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("mkfifo " + dest + ": " + e.getMessage(), e);
        }
    }
}
