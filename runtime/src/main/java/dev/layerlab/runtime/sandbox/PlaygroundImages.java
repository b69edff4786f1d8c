package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.SpaceOptions;
import dev.layerlab.runtime.base.BaseImages;
import dev.layerlab.runtime.build.BuildOutput;
import dev.layerlab.runtime.build.BuildRequest;
import dev.layerlab.runtime.build.context.BuildContext;
import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageExporter;
import dev.layerlab.runtime.image.ImageImporter;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.network.SandboxNetwork;
import dev.layerlab.runtime.network.SandboxNetworks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The playground's own images (nginx, python, node, docker/whalesay), built by our builder from the
 * Dockerfiles kept in the jar ({@code dev/layerlab/runtime/playground/<name>/}) on top of
 * {@code debian:bookworm}, so they share its layer. They live in the engine's default space and every
 * new space gets them like the base images.
 * <p>
 * Building needs Debian's mirror, so builds run in a temporary space on a temporary sandbox network
 * (outbound NAT), both removed afterwards. Each built image is saved to
 * {@code <cache>/playground/<name>-<key>.tar} (key: {@link PlaygroundSources#key}); later data
 * directories load that file instead, with no network and no build.
 */
public final class PlaygroundImages {
    /** The label carrying an image's key, so a present image is known to be current. */
    static final String KEY_LABEL = "dev.layerlab.playground.key";
    private static final String RESOURCES = "/dev/layerlab/runtime/playground/";
    private static final String BUILD_SPACE_PREFIX = "playground-build-";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A playground image: its directory under the resource root and the names it is tagged with. */
    public record Spec(String name, List<String> tags) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec("nginx", List.of("nginx:latest", "nginx:1.22")),
            new Spec("python", List.of("python:3", "python:3.11", "python:latest")),
            new Spec("node", List.of("node:18", "node:latest")),
            new Spec("whalesay", List.of("docker/whalesay:latest")));

    /** Where an image came from this time. */
    public enum Source { PRESENT, LOADED_FROM_CACHE, BUILT, FAILED }

    /** One image's result; {@code image} is null and {@code error} says why when it FAILED. */
    public record Outcome(Spec spec, Source source, Image image, String error, Duration took) {
    }

    private final Engine engine;
    private final SandboxNetworks networks;
    private final Path cacheDir;
    private final String resourceRoot;
    private final List<Spec> specs;
    private final AtomicInteger builds = new AtomicInteger();

    PlaygroundImages(Engine engine, SandboxNetworks networks) {
        this(engine, networks, engine.settings().cacheDir().resolve("playground"), RESOURCES, ALL);
    }

    /** For tests: other Dockerfiles ({@code resourceRoot} on the classpath, ending in "/"), another cache. */
    PlaygroundImages(Engine engine, SandboxNetworks networks, Path cacheDir, String resourceRoot, List<Spec> specs) {
        this.engine = engine;
        this.networks = networks;
        this.cacheDir = cacheDir;
        this.resourceRoot = resourceRoot;
        this.specs = List.copyOf(specs);
    }

    /** How many images this instance has built (not loaded): what a cached start keeps at zero. */
    public int buildsRun() {
        return builds.get();
    }

    /**
     * Makes sure every playground image is in the default space and offered to new spaces: present
     * and current, else loaded from the cache, else built. Never throws for one image: a failure is
     * its {@link Outcome} (and a {@code progress} line), the others still come.
     */
    public synchronized List<Outcome> ensureAll(Consumer<String> progress) throws IOException {
        removeLeftoverBuilds();
        Space defaults = engine.defaultSpace();
        Image debian;
        try {
            debian = defaults.images().resolve(BaseImages.DEBIAN);
        } catch (NotFoundException e) {
            return specs.stream().map(s -> failed(s, BaseImages.DEBIAN + " is missing", Duration.ZERO, progress)).toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<Pending> toBuild = new ArrayList<>();
        for (Spec spec : specs) {
            long t0 = System.nanoTime();
            try {
                Map<String, byte[]> files = PlaygroundSources.read(resourceRoot, spec.name());
                String key = PlaygroundSources.key(files, debian);
                Image ready = current(defaults, spec, key);
                Source source = Source.PRESENT;
                if (ready == null) {
                    ready = loadFromCache(defaults, spec, key);
                    source = Source.LOADED_FROM_CACHE;
                }
                if (ready == null) {
                    toBuild.add(new Pending(spec, files, key));
                    continue;
                }
                outcomes.add(ready(spec, source, ready, t0, progress));
            } catch (IOException | RuntimeException e) {
                outcomes.add(failed(spec, e.toString(), since(t0), progress));
            }
        }
        if (!toBuild.isEmpty()) {
            outcomes.addAll(buildAll(toBuild, progress));
        }
        return specs.stream().map(s -> outcomes.stream().filter(o -> o.spec().equals(s)).findFirst().orElseThrow()).toList();
    }

    private record Pending(Spec spec, Map<String, byte[]> files, String key) {
    }

    /** The image under the spec's first tag, if it carries this key and has all the tags. */
    private static Image current(Space space, Spec spec, String key) {
        try {
            Image image = space.images().resolve(spec.tags().getFirst());
            var labels = image.config().config() == null ? null : image.config().config().labels();
            if (labels == null || !key.equals(labels.get(KEY_LABEL))) {
                return null;
            }
            for (String tag : spec.tags()) {
                if (!space.images().resolve(tag).id().equals(image.id())) {
                    return null;
                }
            }
            return image;
        } catch (NotFoundException e) {
            return null;
        }
    }

    private Path cacheFile(Spec spec, String key) {
        return cacheDir.resolve(spec.name().replace('/', '_') + "-" + key + ".tar");
    }

    private Image loadFromCache(Space space, Spec spec, String key) throws IOException {
        Path tar = cacheFile(spec, key);
        if (!Files.isRegularFile(tar)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(tar)) {
            new ImageImporter(engine.content(), space.images()).load(in);
        }
        Image image = current(space, spec, key);
        if (image == null) {
            throw new IOException(tar + " does not hold " + spec.tags() + " with key " + key + "; delete it to rebuild");
        }
        return image;
    }

    private List<Outcome> buildAll(List<Pending> pending, Consumer<String> progress) throws IOException {
        if (networks == null || !networks.settings().outboundNat()) {
            return pending.stream().map(p -> failed(p.spec(), "building needs Debian's mirror but "
                    + (networks == null ? "no network was given" : "outbound NAT is off (sandbox setting)")
                    + " and " + cacheFile(p.spec(), p.key()) + " does not exist", Duration.ZERO, progress)).toList();
        }
        String id = "pb" + HexFormat.of().formatHex(randomBytes(5));
        Path work = Files.createTempDirectory("layerlab-playground-");
        SandboxNetwork network = null;
        String spaceName = BUILD_SPACE_PREFIX + id;
        List<Outcome> outcomes = new ArrayList<>();
        try {
            network = networks.create(id);
            Space space = engine.space(spaceName, new SpaceOptions(BindResolver.REFUSE, new SandboxNetworking(network),
                    engine.settings().limits()));
            for (Pending p : pending) {
                outcomes.add(build(space, p, work, progress));
            }
        } catch (IOException | RuntimeException e) {
            for (Pending p : pending) {
                if (outcomes.stream().noneMatch(o -> o.spec().equals(p.spec()))) {
                    outcomes.add(failed(p.spec(), "preparing the build: " + e, Duration.ZERO, progress));
                }
            }
        } finally {
            engine.deleteSpace(spaceName);
            if (network != null) {
                network.destroy();
            }
            AtomicFiles.deleteTree(work);
        }
        return outcomes;
    }

    private Outcome build(Space space, Pending p, Path work, Consumer<String> progress) {
        long t0 = System.nanoTime();
        Spec spec = p.spec();
        progress.accept("building " + spec.tags().getFirst() + " from its Dockerfile (needs Debian's mirror)");
        StringBuilder log = new StringBuilder();
        try {
            Path context = Files.createDirectories(work.resolve(spec.name().replace('/', '_')));
            PlaygroundSources.write(p.files(), context);
            BuildRequest request = new BuildRequest(null, spec.tags(), Map.of(), null, false,
                    Map.of(KEY_LABEL, p.key()), false, true, true);
            Image built;
            builds.incrementAndGet();
            try (BuildContext ctx = BuildContext.ofDirectory(context, Files.createDirectories(work.resolve("tmp")))) {
                built = space.build(request, ctx, new Collecting(log, progress));
            }
            Space defaults = engine.defaultSpace();
            defaults.adopt(built, spec.tags().stream().map(ImageReference::parse).toList());
            save(defaults, spec, p.key());
            return ready(spec, Source.BUILT, defaults.images().resolve(spec.tags().getFirst()), t0, progress);
        } catch (IOException | RuntimeException e) {
            String tail = String.join("\n    ", PlaygroundSources.lastLines(log.toString(), 15));
            return failed(spec, e.getMessage() + (tail.isEmpty() ? "" : "\n    " + tail), since(t0), progress);
        }
    }

    /** docker save of the image into the cache (written aside, then renamed); older keys of it are deleted. */
    private void save(Space space, Spec spec, String key) throws IOException {
        Files.createDirectories(cacheDir);
        Path target = cacheFile(spec, key);
        Path tmp = Files.createTempFile(cacheDir, "." + spec.name().replace('/', '_'), ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                new ImageExporter(engine.content(), space.images()).export(spec.tags(), out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String prefix = spec.name().replace('/', '_') + "-";
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path old : files.toList()) {
                String n = old.getFileName().toString();
                if (n.startsWith(prefix) && n.matches(".*-[0-9a-f]{16}\\.tar") && n.length() == prefix.length() + 20
                        && !old.equals(target)) {
                    Files.deleteIfExists(old);
                }
            }
        }
    }

    private Outcome ready(Spec spec, Source source, Image image, long t0, Consumer<String> progress) {
        engine.baseImages().shareWithNewSpaces(spec.tags());
        Duration took = since(t0);
        if (source != Source.PRESENT) {
            progress.accept(String.format("%s %s (%s) in %.1fs", spec.tags().getFirst(),
                    source == Source.BUILT ? "built" : "loaded from the cache", image.id().shortId(), took.toMillis() / 1000.0));
        }
        return new Outcome(spec, source, image, null, took);
    }

    private static Outcome failed(Spec spec, String why, Duration took, Consumer<String> progress) {
        progress.accept("MISSING " + String.join(", ", spec.tags()) + ": " + why);
        return new Outcome(spec, Source.FAILED, null, why, took);
    }

    /** Build spaces and networks of a run that stopped mid-build (a crash): removed before anything else. */
    private void removeLeftoverBuilds() throws IOException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Space s : engine.spaces()) {
            if (s.name().startsWith(BUILD_SPACE_PREFIX)) {
                ids.add(s.name().substring(BUILD_SPACE_PREFIX.length()));
                engine.deleteSpace(s.name());
            }
        }
        if (!ids.isEmpty()) {
            networks.removeLeftovers(ids);
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Keeps the build's text for a failure report and passes its "Step" lines on as progress. */
    private record Collecting(StringBuilder log, Consumer<String> progress) implements BuildOutput {
        @Override
        public void stream(String text) {
            log.append(text);
            text.lines().filter(l -> l.startsWith("Step ")).forEach(l -> progress.accept("  " + l));
        }

        @Override
        public void imageId(Digest id) {
        }
    }
}
