package dev.layerlab.server;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import io.javalin.Javalin;

import java.util.LinkedHashMap;
import java.util.Map;

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
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "engine-shutdown"));
        if (!options.skipBaseImages()) {
            System.out.println("layerlab: preparing base images (busybox, debian:bookworm); the first time takes a minute");
            engine.baseImages().ensureAll();
        }
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.result("layerlab engine is running. Lessons and terminals arrive with the web app.\n"));
            config.routes.get("/api/engine", ctx -> ctx.json(status(engine)));
        }).start(options.port());
        System.out.printf("layerlab: engine ready with %d images and %d spaces; data in %s%n",
                engine.defaultSpace().images().list().size(), engine.spaces().size(), options.dataDir());
        System.out.printf("layerlab: open http://localhost:%d/%n", app.port());
    }

    static Map<String, Object> status(Engine engine) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("images", engine.defaultSpace().images().list().stream()
                .map(i -> i.references().isEmpty() ? i.id().shortId() : i.references().get(0).familiarString()).toList());
        s.put("spaces", engine.spaces().size());
        s.put("dataDir", engine.settings().dataDir().toString());
        return s;
    }
}
