package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.LibC;

import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates one validated entry at an already resolved host path. Directory times are held back until
 * {@link #finish()}, because creating their children would bump them again.
 */
final class EntryWriter {
    private record DirTime(Path dir, long seconds, int nanos) {
    }

    private final List<DirTime> dirTimes = new ArrayList<>();
    private final IdRange ids;

    EntryWriter() {
        this(IdRange.NONE);
    }

    /** A writer whose entries' owners are ids inside {@code ids}' user namespace. */
    EntryWriter(IdRange ids) {
        this.ids = ids;
    }

    /**
     * Whatever is at {@code dest} goes first, unless both are directories: then the old directory
     * keeps its content and only takes the new metadata (Docker's rule).
     */
    void write(TarHeader h, Path dest, InputStream content, Path hardLinkTarget) throws IOException {
        FileStat existing = FileStat.ofOrNull(dest);
        boolean keepDirectory = existing != null && existing.isDirectory() && h.type() == TarHeader.Type.DIRECTORY;
        if (existing != null && !keepDirectory) {
            AtomicFiles.deleteTree(dest);
        }
        switch (h.type()) {
            case DIRECTORY -> {
                if (!keepDirectory) {
                    Files.createDirectory(dest);
                }
            }
            case FILE -> Files.copy(content, dest);
            case SYMLINK -> Files.createSymbolicLink(dest, Path.of(h.linkName()));
            case HARDLINK -> {
                // A hard link shares its target's inode, metadata included; there is nothing of its own to set.
                Files.createLink(dest, hardLinkTarget);
                return;
            }
            case FIFO -> mkfifo(dest);
            default -> throw new IllegalStateException("entry type should have been refused: " + h.type());
        }
        Metadata.apply(dest, h, ids);
        if (h.type() == TarHeader.Type.DIRECTORY) {
            dirTimes.add(new DirTime(dest, h.mtimeSeconds(), h.mtimeNanos()));
        }
    }

    /**
     * Sets the held-back directory times. Setting a time does not touch the parent's mtime, so order
     * only matters for a directory listed twice, where the later entry must win.
     */
    void finish() throws IOException {
        for (DirTime d : dirTimes) {
            FileStat st = FileStat.ofOrNull(d.dir());
            if (st != null && st.isDirectory()) {
                Metadata.setTimes(d.dir(), d.seconds(), d.nanos());
            }
        }
        dirTimes.clear();
    }

    private static void mkfifo(Path dest) throws IOException {
        try {
            LibC.INSTANCE.mkfifo(dest.toString(), 0600);
        } catch (LastErrorException e) {
            throw new IOException("mkfifo " + dest + ": " + e.getMessage(), e);
        }
    }
}
