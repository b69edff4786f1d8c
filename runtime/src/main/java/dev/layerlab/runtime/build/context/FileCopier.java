package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.layer.FileStat;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.layer.RootedPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies sources into a root filesystem with the legacy builder's COPY rules (moby 20.10
 * builder/dockerfile/copy.go and internals.go). Every destination path is resolved inside the rootfs
 * ({@link RootedPath}), so a symlink in the image pointing to /etc leads to the rootfs's /etc.
 */
public final class FileCopier {
    private static final Owner ROOT = new Owner(0, 0);
    private static final int NEW_DIR_MODE = 0755;

    private FileCopier() {
    }

    /**
     * Owner for copied files. {@link #PRESERVE} keeps each source's uid/gid: Docker's rule for
     * {@code COPY --from} without {@code --chown}.
     */
    public record Owner(int uid, int gid) {
        public static final Owner PRESERVE = new Owner(-1, -1);

        public Owner {
            if ((uid < 0 || gid < 0) && !(uid == -1 && gid == -1)) {
                throw new InvalidArgumentException("invalid owner " + uid + ":" + gid);
            }
        }
    }

    /**
     * Copies {@code sources} to {@code dest} (relative to {@code workingDir} unless absolute):
     * a directory source's contents go into dest; a file goes into dest when dest ends with "/" (or is
     * "." / ends with "/.") or is an existing directory, else to the path dest. Missing parents are
     * made 0755; everything copied is owned by {@code owner} (null: 0:0), mode bits kept unless
     * {@code chmod} (octal) is given. Several sources need a dest ending in "/".
     */
    public static void copy(List<CopySource> sources, Path rootfs, String dest, String workingDir, Owner owner,
                            String chmod) throws IOException {
        requireDirectoryDestination(sources.size(), dest, "COPY");
        Integer mode = ChmodFlag.parse(chmod);
        Owner ids = owner == null ? ROOT : owner.equals(Owner.PRESERVE) ? null : owner;
        String target = normalizeDest(workingDir, dest);
        for (CopySource source : sources) {
            copyOne(source, rootfs, target, ids, mode);
        }
    }

    /**
     * ADD of a local archive (tar, optionally gzip, bzip2 or xz, told by content): extracted into the
     * directory dest. Returns false, doing nothing, when the file is no archive. Entries keep the
     * archive's owners unless {@code owner} is given (moby 20.10 itself ignores --chown here: pass null
     * to match it). Extraction is validated first: an entry escaping dest fails and applies nothing.
     */
    public static boolean extractArchive(CopySource archive, Path rootfs, String dest, String workingDir,
                                         Owner owner) throws IOException {
        Path src = RootedPath.resolve(archive.root(), archive.relativePath());
        if (!ArchiveExtractor.isArchive(src)) {
            return false;
        }
        Path dir = RootedPath.resolve(rootfs, normalizeDest(workingDir, dest));
        makeDirectories(rootfs, dir, ROOT);
        Owner ids = owner == null || owner.equals(Owner.PRESERVE) ? null : owner;
        ArchiveExtractor.extract(src, dir, ids, archive.relativePath());
        return true;
    }

    /** Docker's check (copy.go createCopyInstruction), made before anything is copied. */
    public static void requireDirectoryDestination(int sourceCount, String dest, String instruction) {
        if (sourceCount > 1 && !dest.endsWith("/")) {
            throw new InvalidArgumentException("When using " + instruction
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
    }

    /** Docker's normalizeDest: relative to the working directory, a trailing "/" kept; "." and "x/." count as "/". */
    static String normalizeDest(String workingDir, String dest) {
        boolean directory = dest.endsWith("/") || dest.equals(".") || dest.endsWith("/.");
        String d = dest.startsWith("/") ? dest : GoPaths.join("/", workingDir == null ? "" : workingDir, dest);
        return directory && !d.endsWith("/") ? d + "/" : d;
    }

    private static void copyOne(CopySource source, Path rootfs, String target, Owner ids, Integer mode)
            throws IOException {
        Path src = RootedPath.resolve(source.root(), source.relativePath());
        FileStat st = FileStat.ofOrNull(src);
        if (st == null) {
            throw new NotFoundException("source path not found: " + source.relativePath());
        }
        Path destPath = RootedPath.resolve(rootfs, target);
        FileStat existing = FileStat.ofOrNull(destPath);
        TreeCopier copier = new TreeCopier(ids, mode);
        if (st.isDirectory()) {
            // copyDirectory: dest made like MkdirAll (0755, root), contents copied, dest chowned only if new.
            boolean existed = existing != null && existing.isDirectory();
            makeDirectories(rootfs, destPath, ROOT);
            copier.copyContents(src, destPath);
            if (!existed) {
                if (ids != null) {
                    FileSetters.lchown(destPath, ids.uid(), ids.gid());
                }
                if (mode != null) {
                    FileSetters.chmod(destPath, mode);
                }
            }
            return;
        }
        Path file = destPath;
        if (target.endsWith("/") || (existing != null && existing.isDirectory())) {
            // The source's own name, even when it is a symlink to something else.
            file = destPath.resolve(GoPaths.base(source.relativePath()));
        }
        // copyFile: new parents 0755, owned by --chown's owner when given.
        makeDirectories(rootfs, file.getParent(), ids == null ? ROOT : ids);
        copier.copy(src, file);
    }

    /**
     * Creates the missing directories down to {@code dir} (a path already resolved inside rootfs) as
     * 0755 owned by {@code owner}; an existing non-directory on the way is an error.
     */
    static void makeDirectories(Path rootfs, Path dir, Owner owner) throws IOException {
        Path base = rootfs.toAbsolutePath().normalize();
        Path p = base;
        for (Path part : base.relativize(dir.toAbsolutePath().normalize())) {
            if (part.toString().isEmpty()) {
                continue;
            }
            p = p.resolve(part.toString());
            FileStat st = FileStat.ofOrNull(p);
            if (st == null) {
                Files.createDirectory(p);
                FileSetters.chmod(p, NEW_DIR_MODE);
                FileSetters.lchown(p, owner.uid(), owner.gid());
            } else if (!st.isDirectory()) {
                throw new InvalidArgumentException("cannot create directory /" + base.relativize(p)
                        + ": a file of that name exists and is not a directory");
            }
        }
    }
}
