package dev.layerlab.server;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.sandbox.PlaygroundImages;
import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.server.access.Access;
import dev.layerlab.server.access.OperatorToken;
import dev.layerlab.server.access.OriginPolicy;
import dev.layerlab.server.registry.RegistryRoutes;
import dev.layerlab.server.registry.RegistryTokens;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.web.Playground;
import io.javalin.Javalin;

import java.time.Clock;
import java.util.List;

/** Starts the engine over the data directory, builds the base and playground images if missing, and serves HTTP. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Engine engine = Engine.open(EngineSettings.defaults(options.dataDir()));
        SandboxSettings sandboxSettings = options.sandboxes();
        if (!options.skipBaseImages()) {
            System.out.println("layerlab: preparing base images (busybox, debian:bookworm, the sandbox host); "
                    + "the first time takes a minute or two");
            engine.baseImages().ensureAll();
            engine.baseImages().ensureSandbox(sandboxSettings.dockerCli());
        }
        Sandboxes sandboxHosts = new Sandboxes(engine, sandboxSettings);
        if (!options.skipBaseImages()) {
            preparePlaygroundImages(sandboxHosts);
        }
        SandboxService sandboxes = new SandboxService(engine, sandboxHosts, options.sandboxApi());
        OperatorToken operator = OperatorToken.loadOrCreate(options.dataDir());
        Access access = new Access(operator, new OriginPolicy(options.allowedOrigins()));
        Playground playground = new Playground(sandboxes, options.playground(), options.dataDir().resolve("learners"),
                LessonCatalog.load());
        engine.registry().configure(options.registry());
        RegistryRoutes registry = new RegistryRoutes(engine.registry(), sandboxes.registryAccounts(),
                new RegistryTokens(Clock.systemUTC()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                playground.close();
                sandboxes.close();
            } catch (Exception e) {
                System.err.println("layerlab: removing sandboxes at shutdown: " + e.getMessage());
            }
            engine.close();
        }, "engine-shutdown"));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            options.http().apply(config);
            access.register(config);
            playground.register(config);
            new ServerRoutes(engine, sandboxes).register(config);
            registry.register(config);
        }).start(options.port());
        registry.startExpiry();
        playground.start();
        System.out.printf("layerlab: engine ready with %d images; data in %s%n",
                engine.defaultSpace().images().list().size(), options.dataDir());
        System.out.printf("layerlab: operator token (for /api/sandboxes, /api/engine) in %s%n", operator.file());
        System.out.printf("layerlab: open http://localhost:%d/%n", app.port());
    }

    /**
     * nginx, python, node and docker/whalesay, built from the Dockerfiles in the jar the first time
     * (a minute, with Debian's mirror), then loaded from the cache. A missing one is reported and the
     * server starts anyway: lessons using it fail, the others work.
     */
    private static void preparePlaygroundImages(Sandboxes sandboxes) {
        System.out.println("layerlab: preparing the playground images (nginx, python, node, docker/whalesay)");
        try {
            List<PlaygroundImages.Outcome> outcomes = sandboxes.playgroundImages()
                    .ensureAll(line -> System.out.println("layerlab:   " + line));
            long missing = outcomes.stream().filter(o -> o.source() == PlaygroundImages.Source.FAILED).count();
            if (missing > 0) {
                System.err.printf("layerlab: %d playground image(s) missing (see MISSING above); starting without them%n", missing);
            }
        } catch (Exception e) {
            System.err.println("layerlab: playground images could not be prepared, starting without them: " + e);
        }
    }
}
