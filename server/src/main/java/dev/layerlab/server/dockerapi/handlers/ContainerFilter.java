package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.Health;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.List;
import java.util.Map;

/** Docker's {@code docker ps --filter} keys: status, name, id, label, ancestor, exited, health ({@code network}: ContainerRoutes). */
final class ContainerFilter {
    private ContainerFilter() {
    }

    static boolean matches(Filters f, ContainerRecord r, Space space) {
        if (!f.allows("status", r.state().status().dockerName())) {
            return false;
        }
        if (f.has("name") && f.get("name").stream().noneMatch(n -> r.name().matches(".*" + n + ".*")
                || ("/" + r.name()).matches(n))) {
            return false;
        }
        if (f.has("id") && f.get("id").stream().noneMatch(r.id()::startsWith)) {
            return false;
        }
        if (f.has("exited") && (r.state().isRunning() || r.state().startedAt() == null
                || !f.get("exited").contains(String.valueOf(r.state().exitCode())))) {
            return false;
        }
        if (f.has("ancestor") && f.get("ancestor").stream().noneMatch(a -> isAncestor(a, r, space))) {
            return false;
        }
        if (f.has("health")) {
            Health health = space.healthchecks().of(r.id());
            if (!f.get("health").contains(health == null ? NO_HEALTHCHECK : health.status())) {
                return false;
            }
        }
        return labelsMatch(f, r);
    }

    /** Docker's word for a container without a healthcheck in {@code --filter health=}. */
    private static final String NO_HEALTHCHECK = "none";

    /** Refuses a {@code health} filter value Docker does not know, with its words. */
    static void validate(Filters f) {
        for (String value : f.get("health")) {
            if (!List.of(Health.STARTING, Health.HEALTHY, Health.UNHEALTHY, NO_HEALTHCHECK).contains(value)) {
                throw new InvalidArgumentException("Unrecognised filter value for health: " + value);
            }
        }
    }

    /** Every label filter must hold: {@code key} present, or {@code key=value} equal. */
    static boolean labelsMatch(Filters f, ContainerRecord r) {
        Map<String, String> labels = r.effective().labels();
        for (String l : f.get("label")) {
            int eq = l.indexOf('=');
            boolean ok = eq < 0 ? labels.containsKey(l) : l.substring(eq + 1).equals(labels.get(l.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAncestor(String ref, ContainerRecord r, Space space) {
        if (ref.equals(r.imageReference()) || r.imageId().equals(ref) || r.imageId().startsWith("sha256:" + ref)) {
            return true;
        }
        try {
            return space.images().resolve(ref).id().toString().equals(r.imageId());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
