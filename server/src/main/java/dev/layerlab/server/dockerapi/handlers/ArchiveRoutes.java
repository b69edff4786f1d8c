package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.layer.LayerTars;
import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.runtime.layer.RootedPath;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code docker cp}: stat (HEAD), copy out (GET, a tar) and copy in (PUT, a tar) of a path in a
 * container's root filesystem. Paths resolve inside that root only, symlinks included, and an
 * uploaded tar is validated whole (no absolute names, no {@code ..}, no links out) before anything
 * of it is written.
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

    /** The path in the root, the last component not followed (as Docker's lstat). */
    private static Path locate(Path root, String path) throws java.io.IOException {
        Path p = RootedPath.resolveNoFollow(root, path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("Could not find the file " + path + " in container");
        }
        return p;
    }

    private static String nameOf(Path root, Path p) {
        return p.equals(root) ? "/" : p.getFileName().toString();
    }

    private static String linkTarget(Path p) throws java.io.IOException {
        return Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : "";
    }

    private void stat(ApiExchange ex) throws Exception {
        String path = pathParam(ex);
        String header = ContainerRootfs.with(ctx, ex.param("id"), (root, ids) -> {
            Path p = locate(root, path);
            return PathStat.header(p, nameOf(root, p), linkTarget(p));
        });
        ex.header("X-Docker-Container-Path-Stat", header).respondEmpty(200);
    }

    private void read(ApiExchange ex) throws Exception {
        String path = pathParam(ex);
        ContainerRootfs.with(ctx, ex.param("id"), (root, ids) -> {
            Path p = locate(root, path);
            String name = p.equals(root) ? "." : p.getFileName().toString();
            ex.header("X-Docker-Container-Path-Stat", PathStat.header(p, nameOf(root, p), linkTarget(p)));
            try (OutputStream out = ex.stream(200, ContentTypes.TAR)) {
                TreeTar.write(root, p, name, out, ids);
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
            ContainerRootfs.with(ctx, ex.param("id"), (root, ids) -> {
                Path dir = RootedPath.resolve(root, path);
                if (!Files.exists(dir)) {
                    throw new NotFoundException("Could not find the file " + path + " in container");
                }
                if (!Files.isDirectory(dir)) {
                    throw new InvalidArgumentException("extraction point is not a directory: " + path);
                }
                AsSandboxRoot.run(ids, () -> LayerTars.applyOnto(tmp, dir, ids));
                return null;
            });
        } finally {
            Files.deleteIfExists(tmp);
        }
        ex.respondEmpty(200);
    }
}
