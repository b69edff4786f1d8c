package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A container's lifecycle state and the only moves allowed between states. RESTARTING: its process
 * ended and its restart policy starts it again after the back-off (Docker counts it as running).
 */
public enum Status {
    CREATED, RUNNING, PAUSED, RESTARTING, EXITED, REMOVING, DEAD;

    private static final Map<Status, Set<Status>> MOVES = Map.of(
            CREATED, EnumSet.of(RUNNING, REMOVING),
            RUNNING, EnumSet.of(PAUSED, EXITED, RESTARTING),
            PAUSED, EnumSet.of(RUNNING, EXITED, RESTARTING),
            RESTARTING, EnumSet.of(RUNNING, EXITED),
            EXITED, EnumSet.of(RUNNING, REMOVING),
            REMOVING, EnumSet.of(DEAD),
            DEAD, EnumSet.of(REMOVING));

    /** Docker's lowercase name ("running", "exited"). */
    public String dockerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canMoveTo(Status next) {
        return MOVES.get(this).contains(next);
    }

    /** Returns {@code next} or fails naming both states. */
    public Status moveTo(Status next, String containerName) {
        if (!canMoveTo(next)) {
            throw new ConflictException("container " + containerName + ": invalid state transition from "
                    + dockerName() + " to " + next.dockerName());
        }
        return next;
    }
}
