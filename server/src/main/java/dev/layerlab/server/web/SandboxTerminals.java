package dev.layerlab.server.web;

import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.sandbox.SandboxService;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import dev.layerlab.server.terminal.Terminal;
import dev.layerlab.server.terminal.TerminalAccess;
import dev.layerlab.server.terminal.Terminals;
import io.javalin.websocket.WsContext;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terminals of each sandbox, and who may use them: a terminal is reachable only with the session
 * cookie of the learner whose sandbox it runs in. Guessing another learner's terminal ID gets the same
 * answer as an ID that does not exist.
 */
final class SandboxTerminals implements TerminalAccess {
    private final Sessions sessions;
    private final SandboxService sandboxes;
    private final Map<String, Terminals> bySandbox = new ConcurrentHashMap<>();

    SandboxTerminals(Sessions sessions, SandboxService sandboxes) {
        this.sessions = sessions;
        this.sandboxes = sandboxes;
    }

    /** The terminals of the learner's sandbox (made on first use); typing in them is activity. */
    Terminals of(Learner learner, String sandboxId) {
        return bySandbox.computeIfAbsent(sandboxId, id -> {
            Sandbox sandbox = sandboxes.sandboxes().get(id);
            return new Terminals(sandboxes.sandboxes(), sandbox, Terminals.MAX_TERMINALS, () -> sessions.touch(learner));
        });
    }

    /** Ends a sandbox's shells before the sandbox goes. */
    void forget(String sandboxId) {
        Terminals t = bySandbox.remove(sandboxId);
        if (t != null) {
            t.closeAll();
        }
    }

    @Override
    public Terminal find(WsContext ctx, String terminalId) {
        Learner learner = sessions.find(ctx.cookie(Sessions.COOKIE)).orElse(null);
        if (learner == null) {
            return null;
        }
        String sandboxId = sessions.currentSandbox(learner).orElse(null);
        Terminals terminals = sandboxId == null ? null : bySandbox.get(sandboxId);
        if (terminals == null) {
            return null;
        }
        sessions.touch(learner);
        return terminals.find(terminalId).orElse(null);
    }
}
