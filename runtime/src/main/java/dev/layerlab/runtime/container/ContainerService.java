package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.runc.RuncException;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.stdio.OutputBudget;
import dev.layerlab.runtime.stdio.ProcessIo;
import dev.layerlab.runtime.sys.Signals;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The container lifecycle: create, start, stop, kill, pause, wait, remove, exit handling and restart policies. */
public final class ContainerService {
    private static final Logger LOG = Logger.getLogger(ContainerService.class.getName());
    /** Docker's smallest memory limit ({@link #update}). */
    private static final long MIN_MEMORY_BYTES = 6L << 20;

    private final ContainerStore store;
    private final Snapshotter snapshots;
    private final Runc runc;
    private final ImageResolver images;
    private final dev.layerlab.runtime.volume.VolumeStore volumes;
    private final BindResolver binds;
    private final Launcher launcher;
    private final NetworkAttacher networks;
    private final ExitWatcher exits;
    private final Restarts restarts;
    private final Limits limits;
    private final Clock clock;
    /** The space's output budget, shared with its execs ({@link #outputBudget()}). */
    private final OutputBudget output;
    private volatile Healthchecks healthchecks;
    private final dev.layerlab.runtime.userns.UserNamespace userns;
    private final ContainerEvents events;

    public ContainerService(ContainerStore store, Snapshotter snapshots, Runc runc, ImageResolver images,
                            dev.layerlab.runtime.volume.VolumeStore volumes, BindResolver binds, NetworkAttacher networks,
                            Limits limits, Clock clock, java.nio.file.Path hostResolvConf) {
        this(store, snapshots, runc, images, volumes, binds, networks, limits, clock, hostResolvConf, null);
    }

    /** {@code userns}: the sandbox's user namespace every container joins; null: none. */
    public ContainerService(ContainerStore store, Snapshotter snapshots, Runc runc, ImageResolver images,
                            dev.layerlab.runtime.volume.VolumeStore volumes, BindResolver binds, NetworkAttacher networks,
                            Limits limits, Clock clock, java.nio.file.Path hostResolvConf,
                            dev.layerlab.runtime.userns.UserNamespace userns) {
        this.volumes = volumes;
        this.userns = userns;
        this.binds = binds;
        this.store = store;
        this.snapshots = snapshots;
        this.runc = runc;
        this.images = images;
        this.limits = limits;
        this.clock = clock;
        this.output = new OutputBudget(limits.outputBytesPerSecond());
        this.launcher = new Launcher(runc, snapshots, store, limits, hostResolvConf, networks, binds, userns);
        this.networks = networks;
        this.events = new ContainerEvents(store.events());
        this.exits = new ExitWatcher(store, runc, snapshots, clock, events, networks::networksOf);
        this.restarts = new Restarts(this::restartAfterBackoff, this::autoRemove);
    }

    public ContainerStore store() {
        return store;
    }

    public ContainerRecord create(String name, ContainerConfig config) throws IOException {
        if (limits.maxContainers() > 0 && store.all().size() >= limits.maxContainers()) {
            throw new ConflictException("this sandbox already has " + limits.maxContainers() + " containers, its limit:"
                    + " remove some first (docker rm, or docker container prune)");
        }
        if (config.autoRemove() && !config.restartPolicy().isNone()) {
            throw new InvalidArgumentException("can't create 'AutoRemove' container with restart policy");
        }
        config.options().tmpfs().keySet().forEach(ContainerMounts::checkDestination);
        if (!config.options().links().isEmpty()) {
            config = config.withOptions(config.options().withLinks(ContainerLinks.resolve(config.options().links(), store)));
        }
        ResolvedImage image = images.resolve(config.image());
        Map<String, Object> healthcheck = image.defaults().healthcheckFor(config.options().healthcheck());
        if (healthcheck != config.options().healthcheck()) {
            config = config.withOptions(config.options().withHealthcheck(healthcheck));
        }
        String id = Names.newId();
        String chosen = name == null || name.isEmpty() ? uniqueGeneratedName() : Names.validate(name);
        String hostname = config.hostname().isEmpty() ? id.substring(0, 12) : config.hostname();
        EffectiveConfig effective = EffectiveConfig.merge(config, image.defaults(), hostname);
        store.requireNameFree(chosen); // before any volume is made for it
        List<String> imageVolumes = image.defaults().volumes() == null ? List.of() : image.defaults().volumes();
        TmpfsMounts.refuseInsideMounts(config.options().tmpfs().keySet(), config.mounts(), imageVolumes);
        List<ResolvedMount> mounts = MountPlan.resolve(config.mounts(), imageVolumes, volumes, binds);
        ContainerRecord rec = new ContainerRecord(id, chosen, clock.instant(), image.id(), config.image(),
                image.layerDirsTopFirst(), config, effective, mounts, ContainerState.created(), 0);
        snapshots.prepare(id);
        try {
            store.add(rec);
        } catch (IOException | RuntimeException e) {
            snapshots.remove(id);
            removeAnonymousVolumes(rec);
            throw e;
        }
        events.publish(rec, "create");
        return rec;
    }

    /**
     * Starts a created or exited container; false if it was already running or restarting (Docker's
     * 304). A start by the user sets the restart count back to 0, as Docker does.
     */
    public boolean start(String ref) throws IOException {
        Container c = store.get(ref);
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().isRunningOrRestarting()) {
                return false;
            }
            rec.state().status().moveTo(Status.RUNNING, rec.name());
            c.restarts().reset();
            if (rec.restartCount() != 0) {
                rec = rec.withRestartCount(0);
                store.save(c, rec);
            }
            launch(c, rec);
        }
        return true;
    }

    /**
     * The restart a policy asked for, after its back-off: skipped if the container was stopped,
     * killed, started or removed meanwhile. A start that fails leaves it exited with the error.
     */
    private void restartAfterBackoff(Container c, int generation) {
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() != Status.RESTARTING || c.restarts().generation() != generation) {
                return;
            }
            try {
                launch(c, rec);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "restart of " + rec.shortId() + " failed: " + e.getMessage());
                endRestarts(c);
            }
        }
    }

    /** Runs the container's process; the caller holds its monitor and has checked it may run. */
    private void launch(Container c, ContainerRecord rec) throws IOException {
        Launcher.Started started;
        try {
            started = launcher.start(rec, c.terminalSize(), this::inUseByRunning);
        } catch (RuntimeException e) {
            store.save(c, rec.withState(rec.state().startFailed(exitCodeForStartError(e.getMessage()), e.getMessage())));
            throw e instanceof RuncException ? new EngineException(e.getMessage()) : e;
        }
        c.io(started.io());
        started.io().started(c.hub(), output);
        NetworkAttacher.Attached net = started.network();
        store.save(c, rec.withState(rec.state().running(started.pid(), clock.instant(), net.ip(), net.gateway(),
                net.published())));
        events.mounted(rec);
        events.connected(rec, networks.networksOf(rec.id()));
        events.publish(c.record(), "start");
        c.deliverPendingStdin();
        Healthchecks checks = healthchecks;
        if (checks != null) {
            checks.started(c);
        }
        exits.watch(c, started.pid(), started.io(), net, restarts);
    }

    /** Runs the healthchecks of the containers this service starts from now on. */
    public void runHealthchecks(Healthchecks checks) {
        healthchecks = checks;
    }

    /** Docker's exit code for a start that failed: 127 command not found, 126 not executable, else 128. */
    static int exitCodeForStartError(String message) {
        String m = message == null ? "" : message;
        if (m.contains("executable file not found") || m.contains("no such file or directory")) {
            return 127;
        }
        if (m.contains("permission denied") || m.contains("is a directory")) {
            return 126;
        }
        return 128;
    }

    private void autoRemove(Container c) {
        if (c.record().config().autoRemove()) {
            try {
                remove(c.id(), false, true);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "auto-remove of " + c.record().shortId() + " failed", e);
            }
        }
    }

    /**
     * Sends the stop signal, then SIGKILL after the timeout; no restart policy restarts it. False if
     * it was not running (Docker's 304); a restarting container just stays exited.
     */
    public boolean stop(String ref, Integer timeoutSeconds) {
        Container c = store.get(ref);
        CompletableFuture<Integer> exit;
        int timeout;
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() == Status.RESTARTING) {
                endRestarts(c);
                return true;
            }
            if (!rec.state().isRunning()) {
                return false;
            }
            c.restarts().cancel();
            exit = c.nextExit();
            timeout = timeoutSeconds != null ? timeoutSeconds
                    : rec.config().stopTimeout() != null ? rec.config().stopTimeout() : limits.stopTimeoutSeconds();
            String stopSignal = rec.effective().stopSignal().isEmpty() ? "SIGTERM" : rec.effective().stopSignal();
            killWith(c, Signals.parse(stopSignal));
        }
        if (timeout < 0) {
            exit.join(); // Docker's -1: wait as long as it takes, never SIGKILL
        } else if (!awaitExit(exit, timeout)) {
            synchronized (c) {
                killWith(c, Signals.SIGKILL);
            }
            if (!awaitExit(exit, 30)) {
                throw new EngineException("container " + c.record().shortId() + " did not exit after SIGKILL");
            }
        }
        events.publish(c.record(), "stop");
        return true;
    }

    /**
     * Sends {@code signal} (name or number, e.g. "TERM", "SIGINT", "9"; empty means KILL) and, for
     * SIGKILL, returns once the container is dead and its exit recorded, as Docker does. As in Docker,
     * the exit a kill causes is not restarted (SIGKILL, the stop signal, or any signal when none is set).
     */
    public void kill(String ref, String signal) {
        Container c = store.get(ref);
        int sig = signal == null || signal.isEmpty() ? Signals.SIGKILL : Signals.parse(signal);
        CompletableFuture<Integer> exit;
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() == Status.RESTARTING) {
                endRestarts(c); // Docker: nothing to signal, the restart is called off
                return;
            }
            if (!rec.state().isRunning()) {
                throw new ConflictException("Container " + c.id() + " is not running");
            }
            String stopSignal = rec.effective().stopSignal();
            if (sig == Signals.SIGKILL || stopSignal.isEmpty() || Signals.parse(stopSignal) == sig) {
                c.restarts().cancel();
            }
            exit = c.nextExit();
            killWith(c, sig);
        }
        if (sig == Signals.SIGKILL && !awaitExit(exit, 10)) {
            throw new EngineException("tried to kill container, but did not receive an exit event");
        }
    }

    /**
     * {@code docker update}: a new memory limit (0: as it is), pids limit (null: as it is; 0 or less:
     * the default) and restart policy (null: as it is), kept for later starts and given at once to a
     * running container through {@code runc update}.
     */
    public void update(String ref, long memoryBytes, Long pidsLimit, RestartPolicy restartPolicy) {
        if (memoryBytes != 0 && memoryBytes < MIN_MEMORY_BYTES) {
            throw new InvalidArgumentException("Minimum memory limit allowed is 6MB");
        }
        Container c = store.get(ref);
        synchronized (c) {
            ContainerRecord rec = c.record();
            ContainerConfig now = rec.config();
            if (restartPolicy != null && !restartPolicy.isNone() && now.autoRemove()) {
                throw new InvalidArgumentException("Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            long memory = memoryBytes > 0 ? memoryBytes : now.memoryBytes();
            long pids = pidsLimit == null ? now.pidsLimit() : Math.max(0, pidsLimit);
            if (rec.state().isRunning() && (memoryBytes > 0 || pidsLimit != null)) {
                try {
                    long pidsNow = pids > 0 ? pids : limits.pidsLimit() > 0 ? limits.pidsLimit() : -1; // 0: the space's default
                    runc.update(rec.id(), memoryBytes, pidsLimit == null ? 0 : pidsNow);
                } catch (RuncException e) {
                    throw new EngineException("Cannot update container " + rec.id() + ": " + e.getMessage());
                }
            }
            store.save(c, rec.withConfig(now.withUpdate(memory, pids,
                    restartPolicy != null ? restartPolicy : now.restartPolicy())));
            events.publish(c.record(), "update");
        }
    }

    public void restart(String ref, Integer timeoutSeconds) throws IOException {
        stop(ref, timeoutSeconds);
        start(ref);
        events.publish(store.get(ref).record(), "restart");
    }

    public void pause(String ref) {
        Container c = store.get(ref);
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() == Status.EXITED || rec.state().status() == Status.CREATED) {
                throw new ConflictException("Container " + rec.id() + " is not running");
            }
            if (rec.state().status() == Status.RESTARTING) {
                throw new ConflictException("Container " + rec.id() + " is restarting, wait until the container is running");
            }
            Status next = rec.state().status().moveTo(Status.PAUSED, rec.name());
            runc.pause(rec.id());
            store.save(c, rec.withState(rec.state().withStatus(next)));
            events.publish(c.record(), "pause");
        }
    }

    public void unpause(String ref) {
        Container c = store.get(ref);
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() != Status.PAUSED) {
                throw new ConflictException("Container " + rec.id() + " is not paused");
            }
            if (c.frozenHolds() > 0) {
                throw new ConflictException("Container " + rec.name() + " is held still while its files are read or"
                        + " written (docker cp, commit or diff): try again in a moment");
            }
            thaw(c, rec);
        }
    }

    /**
     * Holds a running container still while the engine reads or writes its files (docker cp,
     * commit, diff): frozen if it is not already, and a learner's unpause is refused until the hold
     * is closed, so its processes cannot swap a checked directory for a symlink meanwhile (Docker's
     * CVE-2018-15664). A container that is not running holds nothing (nothing runs in it); one whose
     * process has just ended is not paused either: the hold waits until its exit is recorded, then
     * holds nothing, as for an exited container.
     */
    public Hold freeze(String ref) {
        Container c = store.get(ref);
        CompletableFuture<Integer> exit;
        RuntimeException pauseFailure = null;
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (!rec.state().isRunning()) {
                return () -> { };
            }
            exit = c.nextExit();
            if (!c.exiting()) {
                boolean engineFroze = rec.state().status() == Status.RUNNING;
                try {
                    if (engineFroze) {
                        pause(c.id());
                    }
                    c.hold(engineFroze);
                    return releaseOf(c);
                } catch (RuncException e) {
                    pauseFailure = e; // "container not running": its process ended before the exit watcher saw it
                }
            }
        }
        if (!awaitExit(exit, 10)) {
            throw pauseFailure != null ? new EngineException(pauseFailure.getMessage())
                    : new EngineException("container " + c.record().shortId() + " did not finish exiting");
        }
        return () -> { };
    }

    /**
     * {@code work} on the container's whole filesystem ({@link ContainerFiles}), running or not: a running
     * one is held still meanwhile ({@link #freeze}: its own processes cannot swap names in its overlay),
     * a stopped one has its overlay mounted under its lock, so that nobody starts it meanwhile.
     */
    public <T> T withFiles(String ref, ContainerFiles.Work<T> work) throws Exception {
        Container c = store.get(ref);
        var fs = snapshots.fsOf(c.id());
        if (c.record().state().isRunning()) {
            try (Hold held = freeze(c.id())) {
                return onView(c.record(), fs, work);
            }
        }
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().isRunning()) {
                throw new ConflictException("container " + rec.name() + " started while copying: try again");
            }
            snapshots.mount(fs, rec.layerDirsTopFirst(), userns);
            try {
                return onView(rec, fs, work);
            } finally {
                snapshots.unmount(fs);
            }
        }
    }

    private <T> T onView(ContainerRecord rec, dev.layerlab.runtime.snapshot.ContainerFs fs, ContainerFiles.Work<T> work)
            throws Exception {
        var ids = userns == null ? dev.layerlab.runtime.userns.IdRange.NONE : userns.range();
        try (var view = snapshots.filesView(fs)) {
            List<ContainerMounts.Attached> mounts = dev.layerlab.runtime.userns.AsSandboxRoot.run(ids,
                    () -> ContainerMounts.attachView(rec.mounts(), EtcFiles.existing(store.dirOf(rec.id())), view.root(), binds));
            try (var root = dev.layerlab.runtime.fs.TreeRoot.open(view.root())) {
                return work.apply(new ContainerFiles(root, view.root(), ids, mounts));
            }
        }
    }

    private Hold releaseOf(Container c) {
        return () -> {
            synchronized (c) {
                ContainerRecord now = c.record();
                if (c.release() && now.state().status() == Status.PAUSED) {
                    thaw(c, now);
                }
            }
        };
    }

    private void thaw(Container c, ContainerRecord rec) {
        runc.resume(rec.id());
        store.save(c, rec.withState(rec.state().withStatus(Status.RUNNING)));
        events.publish(c.record(), "unpause");
    }

    /** What {@link #freeze} returns: closing it lets the container run again (if the engine froze it). */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** A future answered by Docker's wait rules with the exit code. */
    public CompletableFuture<Integer> waitFor(String ref, WaitCondition condition) {
        Container c = store.get(ref);
        synchronized (c) {
            ContainerState state = c.record().state();
            return switch (condition) {
                case NOT_RUNNING -> state.isRunningOrRestarting() ? c.nextExit()
                        : CompletableFuture.completedFuture(state.exitCode());
                case NEXT_EXIT -> c.nextExit();
                case REMOVED -> c.removedFuture();
            };
        }
    }

    /** Removes a container and its writable layer; a running one only with {@code force}. */
    public void remove(String ref, boolean force) throws IOException {
        remove(ref, force, false);
    }

    /** As {@link #remove(String, boolean)}; {@code removeVolumes} also removes its anonymous volumes ({@code rm -v}). */
    public void remove(String ref, boolean force, boolean removeVolumes) throws IOException {
        Container c = store.get(ref);
        CompletableFuture<Integer> exit = null;
        boolean underWay = false;
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().status() == Status.REMOVING) {
                if (!force) {
                    throw new ConflictException("removal of container " + rec.shortId() + " is already in progress");
                }
                underWay = true; // a forced removal (of a whole sandbox, say) waits for the one under way
            }
            if (!underWay && rec.state().isRunningOrRestarting()) {
                if (!force) {
                    throw new ConflictException("You cannot remove a " + rec.state().status().dockerName()
                            + " container " + rec.id() + ". Stop the container before attempting removal or force remove");
                }
                if (rec.state().status() == Status.RESTARTING) {
                    endRestarts(c);
                } else {
                    c.restarts().cancel();
                    exit = c.nextExit();
                    killWith(c, Signals.SIGKILL);
                }
            }
        }
        if (underWay) {
            awaitRemoval(c);
            return;
        }
        if (exit != null && !awaitExit(exit, 30)) {
            throw new EngineException("container " + c.record().shortId() + " did not exit after SIGKILL");
        }
        synchronized (c) {
            ContainerRecord rec = c.record();
            if (rec.state().isRunningOrRestarting()) {
                throw new ConflictException("container " + rec.shortId() + " was restarted while being removed");
            }
            underWay = rec.state().status() == Status.REMOVING; // it exited and its --rm removal began meanwhile
            if (!underWay) {
                store.save(c, rec.withState(rec.state().withStatus(rec.state().status().moveTo(Status.REMOVING, rec.name()))));
            }
        }
        if (underWay) {
            awaitRemoval(c);
            return;
        }
        try {
            snapshots.remove(c.id());
            store.delete(c);
        } catch (IOException | RuntimeException e) {
            store.save(c, c.record().withState(c.record().state().withStatus(Status.DEAD)));
            throw e;
        }
        networks.removed(c.id());
        events.publish(c.record(), "destroy");
        if (removeVolumes) {
            removeAnonymousVolumes(c.record());
        }
        c.removedFuture().complete(c.record().state().exitCode());
    }

    /** How fast the output of this space's processes is copied: its execs share it. */
    public OutputBudget outputBudget() {
        return output;
    }

    /** True if a running container has volume {@code name} mounted. */
    private boolean inUseByRunning(String volume) {
        return store.all().stream().anyMatch(c -> c.record().state().isRunning()
                && c.record().mounts().stream().anyMatch(m -> m.isVolume() && m.name().equals(volume)));
    }

    /** Containers (full IDs) whose mounts include volume {@code name}. */
    public List<String> volumeUsers(String name) {
        return store.all().stream()
                .filter(c -> c.record().mounts().stream().anyMatch(m -> m.isVolume() && m.name().equals(name)))
                .map(c -> c.record().id())
                .toList();
    }

    private void removeAnonymousVolumes(ContainerRecord rec) throws IOException {
        for (ResolvedMount m : rec.mounts()) {
            if (m.kind() == MountRequest.Kind.ANONYMOUS) {
                volumes.remove(m.name(), true, this::volumeUsers);
            }
        }
    }

    /**
     * After the engine restarted: containers it left running cannot be re-attached (their stdio
     * died with the old process), so they are stopped cleanly and marked exited (255, as Docker
     * marks containers it lost), their mounts and cgroups released.
     */
    public void recover() {
        for (Container c : store.all()) {
            ContainerRecord rec = c.record();
            if (rec.state().isRunning() || rec.state().status() == Status.REMOVING) {
                deleteQuietly(rec.id());
            }
            try {
                snapshots.unmount(snapshots.fsOf(rec.id()));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "unmount " + rec.shortId() + ": " + e.getMessage());
            }
            if (rec.state().isRunning()) {
                store.save(c, rec.withState(rec.state().exited(255, clock.instant(),
                        "the engine restarted while the container was running")));
            } else if (rec.state().status() == Status.RESTARTING) {
                store.save(c, rec.withState(rec.state().withStatus(Status.EXITED))); // no restart across engine restarts
            } else if (rec.state().status() == Status.REMOVING) {
                store.save(c, rec.withState(rec.state().withStatus(Status.DEAD)));
            }
        }
    }

    /** Stops every running container (SIGKILL, no restarts) and waits for its exit handling; for engine shutdown. */
    public void killAll() {
        restarts.stop();
        List<CompletableFuture<Integer>> exits = new java.util.ArrayList<>();
        for (Container c : store.all()) {
            synchronized (c) {
                c.restarts().cancel();
                if (c.record().state().status() == Status.RESTARTING) {
                    endRestarts(c);
                }
                if (c.record().state().isRunning()) {
                    exits.add(c.nextExit());
                    signal(c, Signals.SIGKILL);
                }
            }
        }
        for (CompletableFuture<Integer> exit : exits) {
            awaitExit(exit, 10);
        }
    }

    private void deleteQuietly(String id) {
        try {
            runc.delete(id, true);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "runc delete " + id + ": " + e.getMessage());
        }
    }

    public List<ContainerRecord> list() {
        return store.all().stream().map(Container::record).toList();
    }

    public ContainerRecord inspect(String ref) {
        return store.get(ref).record();
    }

    public void rename(String ref, String newName) {
        Container c = store.get(ref);
        String name = Names.validate(newName);
        synchronized (store) {
            store.requireNameFree(name);
            String oldName = c.record().name();
            store.save(c, c.record().withName(name));
            events.publish(c.record(), "rename", Map.of("oldName", oldName));
        }
    }

    /** Attaches {@code sink} to the chosen output streams; stdin through the returned attachment. */
    public Attachment attach(String ref, java.util.Set<dev.layerlab.runtime.stdio.StreamType> streams,
                             dev.layerlab.runtime.stdio.OutputSink sink) {
        Container c = store.get(ref);
        Attachment attachment = new Attachment(c, streams, sink);
        events.publish(c.record(), "attach");
        return attachment;
    }

    /** Resizes the container's terminal (no-op without one). */
    public void resize(String ref, int rows, int cols) {
        Container c = store.get(ref);
        c.terminalSize(rows, cols);
        ProcessIo io = c.io();
        if (io != null) {
            io.resize(rows, cols);
            events.publish(c.record(), "resize", Map.of("height", String.valueOf(rows), "width", String.valueOf(cols)));
        }
    }

    /**
     * Calls off the container's restarts (Docker's ExitOnNext); a restarting one stays exited with its
     * last exit code, and its waiters are answered. The caller holds the container's monitor.
     */
    private void endRestarts(Container c) {
        c.restarts().cancel();
        ContainerRecord rec = c.record();
        if (rec.state().status() == Status.RESTARTING) {
            store.save(c, rec.withState(rec.state().withStatus(Status.EXITED)));
            c.exited(rec.state().exitCode());
        }
    }

    /** {@code docker kill}'s signal, announced as dockerd does ({@code kill} with its number); the caller holds the monitor. */
    private void killWith(Container c, int signal) {
        if (!c.exiting() && c.record().state().isRunning()) {
            events.publish(c.record(), "kill", Map.of("signal", String.valueOf(signal)));
        }
        signal(c, signal);
    }

    /** Signals the container's init; the caller holds the container's monitor. */
    private void signal(Container c, int signal) {
        ContainerState state = c.record().state();
        if (c.exiting() || !state.isRunning() || state.pid() <= 0) {
            return; // it is exiting already: the exit watcher owns the pid now
        }
        Syscalls.kill(state.pid(), signal);
        if (state.status() == Status.PAUSED) {
            // A frozen process cannot act on the signal; thaw it as Docker does.
            runc.resume(c.id());
            store.save(c, c.record().withState(state.withStatus(Status.RUNNING)));
        }
    }

    /** Waits for a removal another thread is carrying out; called holding no lock. */
    private static void awaitRemoval(Container c) {
        CompletableFuture<Integer> removed = c.removedFuture();
        try {
            removed.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new EngineException("removal of container " + c.record().shortId() + " did not finish in 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EngineException("removal of container " + c.record().shortId() + " failed: " + e.getCause().getMessage());
        }
    }

    private static boolean awaitExit(CompletableFuture<Integer> exit, int seconds) {
        try {
            exit.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    private String uniqueGeneratedName() {
        for (int i = 0; i < 100; i++) {
            String n = Names.generate() + (i == 0 ? "" : String.valueOf(i));
            if (!store.nameTaken(n)) {
                return n;
            }
        }
        return Names.generate() + "_" + Names.newId().substring(0, 6);
    }
}
