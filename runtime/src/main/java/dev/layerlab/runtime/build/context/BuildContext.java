package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.RootedPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The files of one build: the client's context tar unpacked into a private directory, deleted on
 * {@link #close()}. Symlinks in it are kept as sent; they are resolved inside {@link #root()} when
 * sources are matched ({@link CopySources}).
 */
public final class BuildContext implements AutoCloseable {
    private static final String DEFAULT_DOCKERFILE = "Dockerfile";

    private final Path root;

    private BuildContext(Path root) {
        this.root = root;
    }

    /**
     * Reads a context tar (plain or gzip) into a fresh directory under {@code workDir}. More than
     * {@code maxBytes} of uncompressed tar, an unsafe entry (climbing out, absolute, a device...) or a
     * damaged tar is an InvalidArgumentException, and nothing is left on disk. A tar without its
     * end-of-archive blocks is accepted.
     */
    public static BuildContext receive(InputStream tar, Path workDir, long maxBytes) throws IOException {
        return new BuildContext(ContextTar.unpack(tar, workDir, maxBytes));
    }

    /**
     * A context from a directory on the server: a copy of it with the .dockerignore at its root
     * applied, all entries owned by 0:0 as the docker CLI sends them.
     */
    public static BuildContext ofDirectory(Path dir, Path workDir) throws IOException {
        return new BuildContext(DirectoryContext.copy(dir, workDir));
    }

    public Path root() {
        return root;
    }

    /**
     * The Dockerfile's text; {@code name} is relative to the root ("Dockerfile" also finds
     * "dockerfile"). As the daemon does after reading it, the Dockerfile and .dockerignore are then
     * removed from the context if .dockerignore excludes them, so COPY cannot see them.
     */
    public String dockerfile(String name) throws IOException {
        String wanted = name == null || name.isEmpty() ? DEFAULT_DOCKERFILE : name;
        Path file = RootedPath.resolve(root, wanted);
        if (!Files.isRegularFile(file) && wanted.equals(DEFAULT_DOCKERFILE)) {
            Path lower = RootedPath.resolve(root, DEFAULT_DOCKERFILE.toLowerCase());
            if (Files.exists(lower)) {
                wanted = DEFAULT_DOCKERFILE.toLowerCase();
                file = lower;
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("Cannot locate specified Dockerfile: " + wanted);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            throw new InvalidArgumentException("the Dockerfile (" + wanted + ") cannot be empty");
        }
        removeIgnored(wanted);
        return text;
    }

    /** moby's remotecontext removeDockerfile: .dockerignore and the Dockerfile go if the former excludes them. */
    private void removeIgnored(String dockerfile) throws IOException {
        Path ignoreFile = root.resolve(".dockerignore");
        if (!Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DockerIgnore ignore = DockerIgnore.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8));
        for (String f : new String[]{".dockerignore", dockerfile}) {
            if (ignore.excluded(GoPaths.clean(f))) {
                Files.deleteIfExists(RootedPath.resolveNoFollow(root, f));
            }
        }
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() {
        try {
            AtomicFiles.deleteTree(root);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting build context " + root, e);
        }
    }
}
