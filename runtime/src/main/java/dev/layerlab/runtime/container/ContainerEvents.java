package dev.layerlab.runtime.container;

import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.events.NetworkEvents;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's events as dockerd publishes them: the container's labels, {@code image} (as the user named
 * it) and {@code name}, plus the action's own attributes; and the events of what it uses: its volumes'
 * {@code mount}/{@code unmount} and its network's {@code connect}/{@code disconnect}.
 */
public final class ContainerEvents {
    private final EventFeed feed;

    public ContainerEvents(EventFeed feed) {
        this.feed = feed;
    }

    EventFeed feed() {
        return feed;
    }

    public void publish(ContainerRecord rec, String action) {
        publish(rec, action, Map.of());
    }

    public void publish(ContainerRecord rec, String action, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(rec.effective().labels() == null ? Map.of() : rec.effective().labels());
        if (rec.imageReference() != null && !rec.imageReference().isEmpty()) {
            attributes.put("image", rec.imageReference());
        }
        attributes.put("name", rec.name());
        attributes.putAll(extra);
        feed.publish(Event.CONTAINER, action, rec.id(), attributes);
    }

    /** The volume mounts of a starting container, in the order they are mounted. */
    void mounted(ContainerRecord rec) {
        for (ResolvedMount m : rec.mounts()) {
            if (m.isVolume()) {
                feed.publish(Event.VOLUME, "mount", m.name(), Map.of("container", rec.id(), "destination", m.destination(),
                        "driver", "local", "propagation", "", "read/write", String.valueOf(!m.readOnly())));
            }
        }
    }

    /** The volume unmounts of a container that stopped. */
    void unmounted(ContainerRecord rec) {
        for (ResolvedMount m : rec.mounts()) {
            if (m.isVolume()) {
                feed.publish(Event.VOLUME, "unmount", m.name(), Map.of("container", rec.id(), "driver", "local"));
            }
        }
    }

    /** {@code connect} to the default bridge network ({@code networkId} null: the space has no network). */
    void connected(ContainerRecord rec, List<NetworkAttacher.Joined> networks) {
        for (NetworkAttacher.Joined n : networks) {
            NetworkEvents.connect(feed, n.id(), n.name(), "bridge", rec.id());
        }
    }

    void disconnected(ContainerRecord rec, List<NetworkAttacher.Joined> networks) {
        for (NetworkAttacher.Joined n : networks) {
            NetworkEvents.disconnect(feed, n.id(), n.name(), "bridge", rec.id());
        }
    }
}
