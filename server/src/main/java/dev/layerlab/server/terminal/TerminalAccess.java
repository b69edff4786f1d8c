package dev.layerlab.server.terminal;

import io.javalin.websocket.WsContext;

/**
 * The seam between {@link TerminalSocket} and whoever knows who may use which sandbox (the session
 * layer, from the session cookie of the upgrade request). The socket itself decides nothing.
 */
@FunctionalInterface
public interface TerminalAccess {
    /**
     * The terminal {@code terminalId} if the requester of {@code ctx} may use it; null (or an exception)
     * when it does not exist or is not theirs. Both cases look the same to the client.
     */
    Terminal find(WsContext ctx, String terminalId);
}
