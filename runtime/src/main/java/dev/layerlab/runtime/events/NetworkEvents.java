package dev.layerlab.runtime.events;

import java.util.Map;

/**
 * Docker's network events: {@code create} and {@code destroy} of a network, a container's {@code connect}
 * when it starts on it and {@code disconnect} when it stops, with the attributes dockerd gives them. The
 * actor is the network's ID; {@code driver} is its type ({@code bridge}).
 */
public final class NetworkEvents {
    private NetworkEvents() {
    }

    public static void create(EventFeed feed, String networkId, String name, String driver) {
        feed.publish(Event.NETWORK, "create", networkId, Map.of("name", name, "type", driver));
    }

    public static void destroy(EventFeed feed, String networkId, String name, String driver) {
        feed.publish(Event.NETWORK, "destroy", networkId, Map.of("name", name, "type", driver));
    }

    public static void connect(EventFeed feed, String networkId, String name, String driver, String containerId) {
        feed.publish(Event.NETWORK, "connect", networkId, Map.of("container", containerId, "name", name, "type", driver));
    }

    public static void disconnect(EventFeed feed, String networkId, String name, String driver, String containerId) {
        feed.publish(Event.NETWORK, "disconnect", networkId,
                Map.of("container", containerId, "name", name, "type", driver));
    }
}
