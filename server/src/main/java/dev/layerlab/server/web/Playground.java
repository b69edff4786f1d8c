package dev.layerlab.server.web;

import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.runtime.sandbox.SandboxCapacityException;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.sandbox.SandboxShell;
import dev.layerlab.server.session.Admission;
import dev.layerlab.server.session.Sessions;
import dev.layerlab.server.session.WarmPool;
import dev.layerlab.server.terminal.TerminalSocket;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What a learner sees and uses: the pages, their sandbox (from the warm pool, by session cookie), its
 * terminals over WebSocket, lesson checks and the file editor. One per server.
 */
public final class Playground implements AutoCloseable {
    private final Sessions sessions;
    private final SandboxTerminals terminals;
    private final Pages pages;
    private final LessonPages lessons;
    private final PlaygroundApi api;
    private final TerminalSocket socket;
    private final PortLinks ports;
    private final WarmPool pool;

    public Playground(SandboxService sandboxes, PlaygroundSettings settings, Path learnersDir, LessonCatalog catalog)
            throws IOException {
        SandboxTerminals[] terminalsRef = new SandboxTerminals[1];
        int maxSandboxes = Math.min(settings.maxSandboxes(), sandboxes.sandboxes().capacity());
        pool = new WarmPool(new WarmPool.Factory() {
            @Override
            public String create() throws IOException {
                try {
                    return sandboxes.create().id();
                } catch (SandboxCapacityException e) {
                    throw new WarmPool.FullException(maxSandboxes); // the host's memory, not our count, is spent
                }
            }

            @Override
            public void delete(String id) throws IOException {
                terminalsRef[0].forget(id); // its shells end before its containers go
                sandboxes.delete(id);
            }
        }, settings.warmSandboxes(), maxSandboxes);
        Admission admission = new Admission(settings.sandboxesPerAddressPerMinute(), settings.sandboxesPerAddress(),
                Clock.systemUTC());
        sessions = new Sessions(learnersDir, pool, admission, settings.idleTimeout(), Clock.systemUTC());
        ClientAddress clients = new ClientAddress(settings.trustProxy());
        terminals = new SandboxTerminals(sessions, sandboxes);
        terminalsRef[0] = terminals;
        SandboxShell shell = new SandboxShell(sandboxes.sandboxes());
        lessons = new LessonPages(catalog, sessions, shell, clients);
        pages = new Pages(sessions, lessons);
        api = new PlaygroundApi(sessions, sandboxes, terminals, shell, clients);
        socket = new TerminalSocket(terminals);
        ports = new PortLinks(sessions, sandboxes);
    }

    /** Starts filling the warm pool. */
    public void start() {
        pool.start();
    }

    public Sessions sessions() {
        return sessions;
    }

    public void register(JavalinConfig config) {
        config.fileRenderer(new Templates());
        config.staticFiles.enableWebjars();
        config.staticFiles.add("/public", Location.CLASSPATH);
        pages.register(config);
        lessons.register(config);
        api.register(config);
        socket.register(config);
        ports.register(config);
        ErrorResponses.register(config);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
