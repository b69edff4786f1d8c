package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.layer.LayerTars;
import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.runtime.container.ContainerFiles;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code docker cp}: stat (HEAD), copy out (GET, a tar) and copy in (PUT, a tar) of a path in a
 * container's whole filesystem, its volumes, binds and /etc files included ({@code ContainerFiles}).
 * Paths resolve inside that view only, by descriptor at the moment of use, symlinks included; an
 * uploaded tar is validated whole (no absolute names, no {@code ..}, no links out) before anything
 * of it is written, then extracted by descriptor below the target directory.
 */
final class ArchiveRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    ArchiveRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter r) {
        r.head("/containers/{id}/archive", this::stat);
        r.get("/containers/{id}/archive", this::read);
        r.put("/containers/{id}/archive", this::write);
    }

    private static String pathParam(ApiExchange ex) {
        String p = ex.query().string("path", "");
        if (p.isEmpty()) {
            throw new InvalidArgumentException("path is required");
        }
        return p;
    }

    /** The file at {@code path} in the container's view, the last component not followed (as Docker's lstat). */
    private static PathFd locate(ContainerFiles files, String path) throws IOException {
        try {
            return files.root().resolveNoFollow(path);
        } catch (ErrnoException e) {
            throw notFound(e, path);
        }
    }

    private static IOException notFound(ErrnoException e, String path) {
        int errno = e.errno();
        if (errno == ErrnoException.ENOENT || errno == ErrnoException.ENOTDIR || errno == ErrnoException.ELOOP) {
            throw new NotFoundException("Could not find the file " + path + " in container");
        }
        return e;
    }

    /** The name Docker gives the file: the last component of the path asked for, "/" for the root. */
    private static String nameOf(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                parts.pollLast();
            } else if (!s.isEmpty() && !s.equals(".")) {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? "/" : parts.getLast();
    }

    private void stat(ApiExchange ex) throws Exception {
        String path = pathParam(ex);
        String header = ctx.space().containers().withFiles(ex.param("id"), files -> {
            try (PathFd p = locate(files, path)) {
                return PathStat.header(p, nameOf(path));
            }
        });
        ex.header("X-Docker-Container-Path-Stat", header).respondEmpty(200);
    }

    private void read(ApiExchange ex) throws Exception {
        String path = pathParam(ex);
        ctx.space().containers().withFiles(ex.param("id"), files -> {
            try (PathFd p = locate(files, path)) {
                String name = nameOf(path);
                ex.header("X-Docker-Container-Path-Stat", PathStat.header(p, name));
                try (OutputStream out = ex.stream(200, ContentTypes.TAR)) {
                    TreeTar.write(files.dir(), p, name.equals("/") ? "." : name, out, files.ids());
                }
            }
            return null;
        });
    }

    private void write(ApiExchange ex) throws Exception {
        String path = pathParam(ex);
        // Spooled first: validation reads the tar twice, and the client's body is read only once. On the
        // sandbox's disk, never the host's /tmp: the upload is the learner's and may be endless.
        Path tmp = Files.createTempFile(ctx.space().scratchDir(), "cp-", ".tar");
        try {
            try (InputStream in = ex.body()) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                ctx.space().diskQuota().failIfFull(e);
                throw e;
            }
            ctx.space().containers().withFiles(ex.param("id"), files -> {
                PathFd dir;
                try {
                    dir = files.root().resolve(path);
                } catch (ErrnoException e) {
                    throw notFound(e, path);
                }
                try (dir) {
                    if (!dir.isDirectory()) {
                        throw new InvalidArgumentException("extraction point is not a directory: " + path);
                    }
                    files.requireWritable(dir);
                    AsSandboxRoot.run(files.ids(), () -> {
                        LayerTars.extractInto(tmp, dir, files.ids());
                        return null;
                    });
                }
                return null;
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
        ex.respondEmpty(200);
    }
}
