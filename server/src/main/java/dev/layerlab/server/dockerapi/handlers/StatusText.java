package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerState;
import dev.layerlab.runtime.container.Health;

import java.time.Duration;
import java.time.Instant;

/** The human Status column of {@code docker ps}, worded as Docker's go-units HumanDuration words it. */
final class StatusText {
    private StatusText() {
    }

    static String of(ContainerState s, Instant now) {
        return of(s, null, now);
    }

    /** With its health (null: none), shown as Docker shows it after a running container's time: {@code (healthy)}. */
    static String of(ContainerState s, Health health, Instant now) {
        return switch (s.status()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + human(Duration.between(s.startedAt(), now)) + (health == null ? ""
                    : health.status().equals(Health.STARTING) ? " (health: starting)" : " (" + health.status() + ")");
            case PAUSED -> "Up " + human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case EXITED -> "Exited (" + s.exitCode() + ") "
                    + (s.finishedAt() == null ? "" : human(Duration.between(s.finishedAt(), now)) + " ago");
            case RESTARTING -> "Restarting (" + s.exitCode() + ") "
                    + (s.finishedAt() == null ? "" : human(Duration.between(s.finishedAt(), now)) + " ago");
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return hours / 24 / 365 + " years";
    }
}
