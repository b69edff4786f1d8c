package dev.layerlab.runtime.container;

import java.time.Instant;
import java.util.List;

/** The persisted runtime state of a container (Docker's {@code State} object). */
public record ContainerState(Status status, int pid, int exitCode, Instant startedAt, Instant finishedAt,
                             String error, boolean oomKilled, String ip, String gateway, List<PortBinding> ports) {
    public ContainerState {
        ip = ip == null ? "" : ip;
        gateway = gateway == null ? "" : gateway;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, null, null, "", false, "", "", List.of());
    }

    /** Running with this pid, address and the ports really published (host ports chosen). */
    public ContainerState running(int newPid, Instant at, String newIp, String newGateway, List<PortBinding> published) {
        return new ContainerState(Status.RUNNING, newPid, 0, at, finishedAt, "", false, newIp, newGateway, published);
    }

    public ContainerState exited(int code, Instant at, String why) {
        return new ContainerState(Status.EXITED, 0, code, startedAt, at, why == null ? "" : why, false, "", "", List.of());
    }

    /** Its process ended with {@code code} at {@code at} and its restart policy will start it again. */
    public ContainerState restarting(int code, Instant at) {
        return new ContainerState(Status.RESTARTING, 0, code, startedAt, at, "", false, "", "", List.of());
    }

    public ContainerState withStatus(Status next) {
        return new ContainerState(next, pid, exitCode, startedAt, finishedAt, error, oomKilled, ip, gateway, ports);
    }

    /** A start that failed before the process ran: the status stays, the error and exit code are kept. */
    public ContainerState startFailed(int code, String why) {
        return new ContainerState(status, 0, code, startedAt, finishedAt, why, false, "", "", List.of());
    }

    /** It has a process (running or paused). */
    public boolean isRunning() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    /** Docker's {@code State.Running}: also true while restarting (so rm, start and ps treat it as running). */
    public boolean isRunningOrRestarting() {
        return isRunning() || status == Status.RESTARTING;
    }
}
