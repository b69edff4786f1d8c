package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.image.ImageReference;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code docker events --filter}, with dockerd's rules (daemon/events/filter.go): each key given must match
 * (any of its values): {@code type}, {@code event} (the action; {@code exec_create}, {@code exec_start} and
 * {@code health_status} also match by prefix, as their actions carry the command), {@code scope}; {@code
 * container}, {@code volume} and {@code network} match the actor's ID by prefix or its {@code name};
 * {@code image} the image's ID or name, or a container's {@code image}, with or without the tag; every
 * {@code label} ({@code key} or {@code key=value}) must be among the attributes. Only Docker's event types
 * pass: the engine's own (build steps) are not Docker's to show.
 */
final class EventFilter implements Predicate<Event> {
    /** Keys matched against every event's actor, whatever its type, as dockerd does. */
    private static final java.util.List<String> NAMED = java.util.List.of("container", "volume", "network", "daemon",
            "plugin", "node", "service", "secret", "config");
    private static final Set<String> PREFIX_ACTIONS = Set.of("health_status", "exec_create", "exec_start");

    private final Filters filters;

    /** Keys dockerd does not know are ignored, as it ignores them. */
    EventFilter(Filters filters) {
        this.filters = filters;
    }

    @Override
    public boolean test(Event e) {
        return e.isDockers()
                && matchesAction(e.action())
                && filters.allows("type", e.type())
                && filters.allows("scope", e.scope())
                && NAMED.stream().allMatch(key -> matchesName(key, e))
                && matchesImage(e)
                && matchesLabels(e.attributes());
    }

    private boolean matchesAction(String action) {
        if (!filters.has("event")) {
            return true;
        }
        boolean prefix = filters.get("event").stream().anyMatch(PREFIX_ACTIONS::contains);
        return filters.get("event").stream().anyMatch(v -> v.equals(action) || (prefix && action.startsWith(v)));
    }

    /** Docker's FuzzyMatch on {@code key}: the actor's ID by prefix, or its name. */
    private boolean matchesName(String key, Event e) {
        if (!filters.has(key)) {
            return true;
        }
        String name = e.attributes().getOrDefault("name", "");
        return filters.get(key).stream().anyMatch(v -> e.actorId().startsWith(v) || name.startsWith(v));
    }

    private boolean matchesImage(Event e) {
        if (!filters.has("image")) {
            return true;
        }
        String name = e.attributes().getOrDefault(Event.IMAGE.equals(e.type()) ? "name" : "image", "");
        Set<String> wanted = filters.get("image");
        return wanted.contains(e.actorId()) || wanted.contains(name)
                || wanted.contains(withoutTag(e.actorId())) || wanted.contains(withoutTag(name));
    }

    private boolean matchesLabels(Map<String, String> attributes) {
        for (String label : filters.get("label")) {
            int eq = label.indexOf('=');
            String key = eq < 0 ? label : label.substring(0, eq);
            String value = attributes.get(key);
            if (value == null || (eq >= 0 && !value.equals(label.substring(eq + 1)))) {
                return false;
            }
        }
        return true;
    }

    /** Docker's stripTag: the familiar name without tag or digest; the value itself if it is not a name. */
    private static String withoutTag(String image) {
        if (image.isEmpty() || image.startsWith("sha256:")) {
            return image;
        }
        try {
            return ImageReference.parse(image).familiarName();
        } catch (RuntimeException e) {
            return image;
        }
    }
}
