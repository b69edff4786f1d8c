package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.layer.FileStat;

import dev.layerlab.runtime.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A context made from a server-side directory, as the docker CLI would send it: entries the root's
 * .dockerignore excludes are left out (an excluded directory is still walked when an exception starts
 * with it), .dockerignore and Dockerfile themselves are always sent, and everything is owned by 0:0.
 */
final class DirectoryContext {
    private static final FileCopier.Owner ROOT = new FileCopier.Owner(0, 0);

    private final Path source;
    private final Path target;
    private final DockerIgnore ignore;
    private final TreeCopier copier = new TreeCopier(ROOT, null);

    private DirectoryContext(Path source, Path target, DockerIgnore ignore) {
        this.source = source;
        this.target = target;
        this.ignore = ignore;
    }

    static Path copy(Path dir, Path workDir) throws IOException {
        Path source = dir.toRealPath();
        Path ignoreFile = source.resolve(".dockerignore");
        DockerIgnore ignore = Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)
                ? DockerIgnore.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8))
                : DockerIgnore.none();
        Files.createDirectories(workDir);
        Path target = Files.createTempDirectory(workDir, "context-");
        try {
            new DirectoryContext(source, target, ignore).walk(source, "");
            return target;
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteTree(target);
            throw e;
        }
    }

    private void walk(Path dir, String prefix) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String rel = prefix + child.getFileName();
            boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
            boolean alwaysSent = rel.equals(".dockerignore") || rel.equals("Dockerfile");
            if (alwaysSent || !ignore.excluded(rel)) {
                makeParents(rel);
                if (isDir) {
                    copyDirectoryItself(child, rel);
                    walk(child, rel + "/");
                    copier.applyAttributes(target.resolve(rel), FileStat.of(child));
                } else {
                    copier.copy(child, target.resolve(rel));
                }
            } else if (isDir && ignore.mayReincludeBelow(rel)) {
                walk(child, rel + "/");
            }
        }
    }

    private void copyDirectoryItself(Path dir, String rel) throws IOException {
        Path dest = target.resolve(rel);
        if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dest);
        }
    }

    /** Parents of a re-included entry inside an excluded directory are made like the source's. */
    private void makeParents(String rel) throws IOException {
        int slash = rel.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String parent = rel.substring(0, slash);
        Path dest = target.resolve(parent);
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        makeParents(parent);
        Files.createDirectory(dest);
        copier.applyAttributes(dest, FileStat.of(source.resolve(parent)));
    }
}
