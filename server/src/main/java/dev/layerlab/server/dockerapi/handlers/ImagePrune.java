package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code docker image prune}: images no container uses, only dangling ones unless
 * {@code dangling=false}. Named images go name by name, so the answer lists every Untagged as
 * Docker's does; the space reclaimed is what the engine's garbage collection really freed.
 */
final class ImagePrune implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePrune.class);

    private final SandboxContext ctx;

    ImagePrune(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/images/prune", this::prune);
    }

    private void prune(ApiExchange ex) throws IOException {
        ImageFilter filter = new ImageFilter(Filters.parse(ex.query().string("filters")));
        boolean danglingOnly = filter.dangling() == null || filter.dangling();
        Set<String> used = ctx.space().containers().list().stream().map(c -> c.imageId()).collect(Collectors.toSet());
        List<Map<String, String>> deleted = new ArrayList<>();
        for (Image image : ctx.space().images().list()) {
            if (ctx.space().images().hasChildren(image.id())) {
                continue; // an intermediate step goes when the image built on it goes, as in Docker
            }
            if (used.contains(image.id().toString()) || (danglingOnly && !image.dangling())
                    || !ImageFilter.labelsMatch(filter, image)) {
                continue;
            }
            try {
                if (image.dangling()) {
                    deleted.addAll(ImageRoutes.entries(ctx.space().removeImage(image.id().toString(), false)));
                } else {
                    for (ImageReference ref : image.references()) {
                        deleted.addAll(ImageRoutes.entries(ctx.space().removeImage(ref.toString(), false)));
                    }
                }
            } catch (EngineException e) {
                // Used meanwhile, or shares its ID with a kept image: prune skips it, as Docker's does.
                LOG.debug("prune skipped {}: {}", image.id(), e.getMessage());
            }
        }
        long reclaimed = deleted.isEmpty() ? 0 : collectQuietly(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImagesDeleted", deleted.isEmpty() ? null : deleted);
        out.put("SpaceReclaimed", reclaimed);
        ex.respond(200, out);
    }

    /** Frees blobs and layers nothing needs any more; a failure here must not fail the removal that succeeded. */
    static long collectQuietly(SandboxContext ctx) {
        try {
            return ctx.engine().collectGarbage();
        } catch (IOException | RuntimeException e) {
            LOG.warn("garbage collection after image removal failed", e);
            return 0;
        }
    }
}
