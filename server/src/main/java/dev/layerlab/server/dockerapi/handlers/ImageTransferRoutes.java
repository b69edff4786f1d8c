package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageExporter;
import dev.layerlab.runtime.image.ImageImporter;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Images in and out: {@code docker save} and {@code load} for real; pull, push and import say
 * plainly that this playground has no registry yet instead of pretending.
 */
final class ImageTransferRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    ImageTransferRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/images/create", this::create);
        router.post("/images/{name}/push", this::push);
        router.get("/images/get", ex -> save(ex, ex.query().all("names")));
        router.get("/images/{name}/get", ex -> save(ex, List.of(ex.param("name"))));
        router.post("/images/load", this::load);
    }

    /**
     * A pull of an image already here reports it up to date, as Docker would after checking the
     * registry; anything else is an in-band error, which {@code docker pull} and {@code docker run}
     * print as the bare message.
     */
    private void create(ApiExchange ex) throws IOException {
        if (ex.query().has("fromSrc")) {
            throw new ApiException(501, "docker import is not available in this playground yet; "
                    + "use docker load with an image archive made by docker save");
        }
        String from = ex.query().string("fromImage", "");
        String tag = ex.query().string("tag", "");
        if (!tag.isEmpty()) {
            from += (tag.startsWith("sha256:") ? "@" : ":") + tag;
        }
        ImageReference ref = ImageReference.parse(from);
        Image image = ctx.space().images().list().stream()
                .filter(i -> i.references().contains(ref)).findFirst().orElse(null);
        JsonLines out = new JsonLines(ex.stream(200, ContentTypes.JSON));
        if (image == null) {
            out.error("pull of " + ref.familiarString() + " is not available in this playground yet (no registry access); "
                    + "images here: " + String.join(", ", localNames()) + " — see docker images");
            return;
        }
        out.status(ref.tag().orElse(ref.digest().map(Object::toString).orElse("latest")),
                "Pulling from " + ref.path());
        out.status("Digest: " + image.manifestDigest());
        out.status("Status: Image is up to date for " + ref.familiarString());
    }

    private List<String> localNames() {
        TreeSet<String> names = new TreeSet<>();
        ctx.space().images().list().forEach(i -> i.references().forEach(r -> names.add(r.familiarName())));
        return new ArrayList<>(names);
    }

    private void push(ApiExchange ex) {
        throw new ApiException(501, "docker push is not available in this playground yet (no registry access); "
                + "docker save writes an image to a file instead");
    }

    /** Every name is resolved before the 200 head, so a typo is a clean 404 rather than a broken tar. */
    private void save(ApiExchange ex, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("nothing to save: no image given");
        }
        for (String name : names) {
            ctx.space().images().resolve(name);
        }
        ImageExporter exporter = new ImageExporter(ctx.engine().content(), ctx.space().images());
        try (OutputStream out = ex.stream(200, ContentTypes.TAR)) {
            exporter.export(names, out);
        }
    }

    /**
     * As dockerd's {@code postImagesLoad}: the answer is always a 200 stream, and whatever goes wrong (an
     * archive that is not one, a missing layer, the disk quota) is its one in-band error, which the CLI
     * prints as the bare message and exits 1.
     */
    private void load(ApiExchange ex) throws IOException {
        List<ImageImporter.Loaded> loaded;
        try {
            loaded = ctx.space().load(ex.body());
        } catch (IOException | RuntimeException e) {
            // Read the rest (nothing of it is stored): a client still sending when the answer comes sees a
            // broken pipe instead of the message.
            drainQuietly(ex);
            new JsonLines(ex.stream(200, ContentTypes.JSON)).error(loadError(e));
            return;
        }
        JsonLines out = new JsonLines(ex.stream(200, ContentTypes.JSON));
        for (ImageImporter.Loaded l : loaded) {
            if (l.tags().isEmpty()) {
                out.stream("Loaded image ID: " + l.image().id() + "\n");
            }
            for (ImageReference ref : l.tags()) {
                out.stream("Loaded image: " + ref.familiarString() + "\n");
            }
        }
    }

    private static String loadError(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the archive could not be loaded (" + e.getClass().getSimpleName() + ")" : message;
    }

    private static void drainQuietly(ApiExchange ex) {
        try {
            ex.body().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            // the body is over or broken: the answer goes out just the same
        }
    }
}
