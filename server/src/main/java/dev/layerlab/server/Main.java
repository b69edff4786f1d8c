package dev.layerlab.server;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.server.sandbox.SandboxService;
import io.javalin.Javalin;

/** Starts the engine over the data directory, builds the base images if missing, and serves HTTP. */
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
        SandboxService sandboxes = new SandboxService(engine, new Sandboxes(engine, sandboxSettings));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sandboxes.close();
            } catch (Exception e) {
                System.err.println("layerlab: removing sandboxes at shutdown: " + e.getMessage());
            }
            engine.close();
        }, "engine-shutdown"));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.result("layerlab engine is running. Lessons and terminals arrive with the web app.\n"));
            new ServerRoutes(engine, sandboxes).register(config);
        }).start(options.port());
        System.out.printf("layerlab: engine ready with %d images; data in %s%n",
                engine.defaultSpace().images().list().size(), options.dataDir());
        System.out.printf("layerlab: open http://localhost:%d/%n", app.port());
    }
}
