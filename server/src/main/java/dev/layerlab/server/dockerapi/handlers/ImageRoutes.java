package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.DeleteResult;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Local image management: {@code docker images}, {@code image inspect}, {@code tag}, {@code rmi}, {@code history}. */
final class ImageRoutes implements ApiRoutes {
    private final SandboxContext ctx;
    private final LayerSizes sizes;

    ImageRoutes(SandboxContext ctx) {
        this.ctx = ctx;
        this.sizes = new LayerSizes(ctx.engine().snapshots());
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/images/json", this::list);
        router.get("/images/{name}/json", this::inspect);
        router.get("/images/{name}/history", this::history);
        router.post("/images/{name}/tag", this::tag);
        router.delete("/images/{name}", this::remove);
    }

    private void list(ApiExchange ex) throws IOException {
        ImageFilter filter = new ImageFilter(Filters.parse(ex.query().string("filters")));
        Map<String, Integer> users = containersPerImage();
        List<Map<String, Object>> out = new ArrayList<>();
        boolean all = ex.query().bool("all");
        for (Image image : ctx.space().images().list()) {
            if (!all && image.dangling() && ctx.space().images().hasChildren(image.id())) {
                continue; // an intermediate build step: docker images -a shows it
            }
            if (filter.matches(image)) {
                out.add(ImageJson.summary(image, parentOf(image), sizes.of(image), users.getOrDefault(image.id().toString(), 0),
                        ex.apiVersion(), filter::referenceMatches));
            }
        }
        ex.respond(200, out);
    }

    /** The image this one was built on ("" if it was not built here), as Docker's Parent. */
    String parentOf(Image image) {
        return ctx.space().images().parentOf(image.id()).map(Object::toString).orElse("");
    }

    /** Docker counts containers per image only for {@code system df}; listing sends -1 unless asked. */
    Map<String, Integer> containersPerImage() {
        Map<String, Integer> counts = new HashMap<>();
        ctx.space().containers().list().forEach(c -> counts.merge(c.imageId(), 1, Integer::sum));
        return counts;
    }

    private void inspect(ApiExchange ex) throws IOException {
        Image image = find(ex.param("name"));
        ex.respond(200, ImageJson.inspect(image, parentOf(image), sizes.of(image), ex.apiVersion()));
    }

    private void history(ApiExchange ex) throws IOException {
        ex.respond(200, ImageHistory.of(find(ex.param("name")), sizes, ctx.space().images()));
    }

    /**
     * An invalid name cannot name an image, so lookups answer 404 rather than 400: {@code docker
     * inspect} then moves on to the next kind of object instead of stopping.
     */
    private Image find(String name) {
        try {
            return ctx.space().images().resolve(name);
        } catch (InvalidArgumentException e) {
            throw new NotFoundException("No such image: " + name);
        }
    }

    private void tag(ApiExchange ex) throws IOException {
        Image image = find(ex.param("name"));
        String repo = ex.query().string("repo", "");
        String tag = ex.query().string("tag", "");
        ImageReference ref = ImageReference.parse(repo);
        if (ref.digest().isPresent()) {
            throw new InvalidArgumentException("refusing to create a tag with a digest reference");
        }
        if (!tag.isEmpty()) {
            ref = ref.withTag(tag);
        }
        ctx.space().images().tag(image, ref);
        ex.respondEmpty(201);
    }

    private void remove(ApiExchange ex) throws IOException {
        DeleteResult result = ctx.space().removeImage(ex.param("name"), ex.query().bool("force"));
        if (!result.deleted().isEmpty()) {
            ImagePrune.collectQuietly(ctx);
        }
        ex.respond(200, entries(result));
    }

    static List<Map<String, String>> entries(DeleteResult result) {
        List<Map<String, String>> out = new ArrayList<>();
        result.untagged().forEach(u -> out.add(one("Untagged", u)));
        result.deleted().forEach(d -> out.add(one("Deleted", d.toString())));
        return out;
    }

    private static Map<String, String> one(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }
}
