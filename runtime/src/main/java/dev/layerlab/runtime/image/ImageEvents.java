package dev.layerlab.runtime.image;

import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;

import java.util.HashMap;
import java.util.Map;

/**
 * Image events as dockerd publishes them: the actor is the image ID, the attributes its labels and
 * {@code name} (the new name for {@code tag}, the image ID for {@code untag}, {@code delete}, {@code load}
 * and {@code save}).
 */
public final class ImageEvents {
    private final EventFeed feed;

    public ImageEvents(EventFeed feed) {
        this.feed = feed;
    }

    public void publish(Image image, String action, String name) {
        publish(image.id().toString(), image.config(), action, name);
    }

    void publish(String imageId, ImageConfig config, String action, String name) {
        Map<String, String> attributes = new HashMap<>();
        if (config != null && config.config() != null && config.config().labels() != null) {
            attributes.putAll(config.config().labels());
        }
        attributes.put("name", name);
        feed.publish(Event.IMAGE, action, imageId, attributes);
    }
}
