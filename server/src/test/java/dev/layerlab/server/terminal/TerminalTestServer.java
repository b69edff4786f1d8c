package dev.layerlab.server.terminal;

import dev.layerlab.server.cli.SandboxFixture;
import io.javalin.Javalin;

/**
 * The terminals of a test's sandbox behind a real Javalin server on a free port. Access is simply
 * "any terminal of this sandbox": the session layer's check is not under test here.
 */
final class TerminalTestServer implements AutoCloseable {
    final Terminals terminals;
    final TerminalSocket socket;
    final Javalin app;

    TerminalTestServer(SandboxFixture fx) {
        terminals = new Terminals(fx.service.sandboxes(), fx.sandbox);
        socket = new TerminalSocket((ctx, id) -> terminals.find(id).orElse(null));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            socket.register(config);
        }).start(0);
    }

    /** A new host terminal with a client connected to it. */
    TerminalWs openHost() throws Exception {
        return connect(terminals.open(Terminal.Kind.HOST, null));
    }

    TerminalWs connect(String terminalId) throws Exception {
        return TerminalWs.connect(app.port(), terminalId);
    }

    @Override
    public void close() {
        terminals.closeAll();
        app.stop();
    }
}
