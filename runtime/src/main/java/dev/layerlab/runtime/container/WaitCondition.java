package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

/** Docker's {@code wait?condition=}: when a waiter is answered. */
public enum WaitCondition {
    /** At once if the container is not running, else when it stops. */
    NOT_RUNNING,
    /** When it next exits, even if it has not started yet. */
    NEXT_EXIT,
    /** When it has been removed. */
    REMOVED;

    public static WaitCondition parse(String text) {
        return switch (text == null ? "" : text) {
            case "", "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw new InvalidArgumentException("invalid condition: \"" + text + "\"");
        };
    }
}
