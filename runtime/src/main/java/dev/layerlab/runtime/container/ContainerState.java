package dev.layerlab.runtime.container;

import java.time.Instant;

/** The persisted runtime state of a container (Docker's {@code State} object). */
public record ContainerState(Status status, int pid, int exitCode, Instant startedAt, Instant finishedAt,
                             String error, boolean oomKilled) {
    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, null, null, "", false);
    }

    public ContainerState running(int newPid, Instant at) {
        return new ContainerState(Status.RUNNING, newPid, 0, at, finishedAt, "", false);
    }

    public ContainerState exited(int code, Instant at, String why) {
        return new ContainerState(Status.EXITED, 0, code, startedAt, at, why == null ? "" : why, false);
    }

    public ContainerState withStatus(Status next) {
        return new ContainerState(next, pid, exitCode, startedAt, finishedAt, error, oomKilled);
    }

    /** A start that failed before the process ran: the status stays, the error and exit code are kept. */
    public ContainerState startFailed(int code, String why) {
        return new ContainerState(status, 0, code, startedAt, finishedAt, why, false);
    }

    public boolean isRunning() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }
}
