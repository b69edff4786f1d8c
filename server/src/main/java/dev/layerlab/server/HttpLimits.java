package dev.layerlab.server;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.component.LifeCycle;

import java.time.Duration;

/**
 * What one HTTP client may hold of the server: a connection without a byte in either direction for
 * {@code idleTimeout} is closed (a slow client dribbling a request cannot keep it forever), and one IP
 * address has at most {@code connectionsPerClient} connections open (a classroom behind one NAT shares
 * an address: the default leaves room for a few dozen browsers). Terminal WebSockets keep their own
 * idle timeout and pings.
 */
record HttpLimits(Duration idleTimeout, int connectionsPerClient) {
    static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), 512);

    HttpLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the HTTP idle timeout must be positive, not " + idleTimeout);
        }
        if (connectionsPerClient < 1) {
            throw new IllegalArgumentException("connections per client must be at least 1, not " + connectionsPerClient);
        }
    }

    /** Applies these limits to every connector of the server {@code config} makes, once they exist (at start). */
    void apply(JavalinConfig config) {
        ClientConnectionLimit perClient = new ClientConnectionLimit(connectionsPerClient);
        config.jetty.modifyServer(server -> server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (connector instanceof AbstractConnector c) {
                        c.setIdleTimeout(idleTimeout.toMillis());
                        c.addEventListener(perClient);
                    }
                }
            }
        }));
    }
}
