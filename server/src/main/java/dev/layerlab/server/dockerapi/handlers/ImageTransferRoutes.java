package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.RegistryTransfer;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageExporter;
import dev.layerlab.runtime.image.ImageImporter;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.registry.RegistryException;
import dev.layerlab.runtime.registry.RepositoryName;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.ContentTypes;
import dev.layerlab.server.registry.RegistryAccounts;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Images in and out: {@code docker save} and {@code load}; {@code docker push} and {@code pull} of Docker Hub
 * names with the playground's built-in registry (in-process); pulls from other registries and import say
 * plainly that this playground cannot do them yet instead of pretending.
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
        Optional<RepositoryName> repository = PlaygroundRegistry.repository(ref);
        if (repository.isPresent() && inRegistry(repository.get(), reference(ref))) {
            pull(ex, ref, repository.get());
            return;
        }
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

    private static String reference(ImageReference ref) {
        return ref.digest().map(Object::toString).orElse(ref.tag().orElse("latest"));
    }

    private boolean inRegistry(RepositoryName repository, String reference) throws IOException {
        try {
            ctx.engine().registry().manifest(repository, reference);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    /** A pull from the playground's registry: in-process, the blobs are already in the engine's store. */
    private void pull(ApiExchange ex, ImageReference ref, RepositoryName repository) throws IOException {
        JsonLines out = new JsonLines(ex.stream(200, ContentTypes.JSON));
        String reference = reference(ref);
        out.status(ref.tag().orElse(reference), "Pulling from " + ref.path());
        try {
            RegistryTransfer.Result pulled = new RegistryTransfer(ctx.engine()).pull(ctx.space(), repository, reference,
                    ref.digest().isPresent() ? ref : ref.withTag(reference), (id, status) -> {
                        if (!status.equals("Already exists")) {
                            out.status(id, "Pulling fs layer");
                        }
                        out.status(id, status);
                    });
            out.status("Digest: " + pulled.digest());
            out.status((pulled.fresh() ? "Status: Downloaded newer image for " : "Status: Image is up to date for ")
                    + ref.familiarString());
        } catch (RegistryException | dev.layerlab.runtime.error.EngineException e) {
            out.error(e.getMessage());
        }
    }

    /**
     * {@code docker push <name>/<image>:<tag>} into the playground's registry, as dockerd streams it. Only
     * the owner of the name's namespace, logged in with {@code docker login}, may push there; the layers
     * are linked, not copied (the registry's blobs are the engine's content store).
     */
    private void push(ApiExchange ex) throws IOException {
        String tag = ex.query().string("tag", "");
        ImageReference ref = ImageReference.parse(ex.param("name") + (tag.isEmpty() ? "" : ":" + tag));
        Image image = ctx.space().images().resolve(ref.toString()); // 404 "No such image" before the stream starts
        JsonLines out = new JsonLines(ex.stream(200, ContentTypes.JSON));
        out.status("The push refers to repository [" + ref.domain() + "/" + ref.path() + "]");
        Optional<RepositoryName> repository = PlaygroundRegistry.repository(ref);
        if (repository.isEmpty()) {
            out.error("pushing to " + ref.domain() + " is not available in this playground yet; the playground's registry "
                    + "takes Docker Hub names: docker push <your registry name>/" + ref.path().replaceFirst(".*/", "") + ":tag");
            return;
        }
        Optional<RegistryAccounts.Account> account = PlaygroundRegistry.account(ctx.registryAccounts(),
                ex.headers().first("X-Registry-Auth"));
        if (account.isEmpty() || !account.get().name().equals(repository.get().namespace())) {
            for (Image.Layer layer : image.layers()) {
                out.status(layer.blob().digest().shortId(), "Preparing");
            }
            out.error(PlaygroundRegistry.DENIED);
            return;
        }
        String pushedTag = ref.tag().orElse("latest");
        try {
            RegistryTransfer.Result pushed = new RegistryTransfer(ctx.engine()).push(image, repository.get(), pushedTag,
                    out::status);
            out.status(pushedTag + ": digest: " + pushed.digest() + " size: " + pushed.size());
            Map<String, Object> aux = new LinkedHashMap<>();
            aux.put("Tag", pushedTag);
            aux.put("Digest", pushed.digest());
            aux.put("Size", pushed.size());
            out.send(Map.of("progressDetail", Map.of(), "aux", aux));
        } catch (RegistryException e) {
            out.error(e.error().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            out.error("push failed: " + e); // in-band, as dockerd reports a failed push once the stream has begun
        }
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
