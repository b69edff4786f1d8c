package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.runc.OciSpecWriter;
import dev.layerlab.runtime.runc.ProcessSpec;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.stdio.OutputBudget;
import dev.layerlab.runtime.stdio.OutputSink;
import dev.layerlab.runtime.stdio.ProcessIo;
import dev.layerlab.runtime.sys.Syscalls;

import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code docker exec}: extra processes in a running container, through {@code runc exec --detach}.
 * Execs are held in memory, so they are bounded: at most {@code maxExecs} unfinished ones (running, or
 * created and never started), and one never started is forgotten after {@link #NEVER_STARTED_TTL}.
 */
public final class ExecService {
    private static final int MAX_FINISHED_KEPT = 256;
    /** How long an exec that was created but never started is kept (Docker keeps them until the container goes). */
    public static final Duration NEVER_STARTED_TTL = Duration.ofMinutes(5);

    private final ContainerStore store;
    private final Runc runc;
    private final Snapshotter snapshots;
    private final int maxExecs;
    private final Clock clock;
    /** RLIMIT_NOFILE of exec'd processes (0: inherited), as the container's own ({@link Limits#openFiles()}). */
    private final long openFiles;
    private final OutputBudget output;
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();
    private final IdRange ids;

    public ExecService(ContainerStore store, Runc runc, Snapshotter snapshots, long openFiles) {
        this(store, runc, snapshots, 0, Clock.systemUTC(), openFiles, OutputBudget.UNLIMITED);
    }

    /** {@code maxExecs}: unfinished execs at most (0: no limit). */
    public ExecService(ContainerStore store, Runc runc, Snapshotter snapshots, int maxExecs, Clock clock, long openFiles,
                       OutputBudget output) {
        this(store, runc, snapshots, maxExecs, clock, openFiles, output, IdRange.NONE);
    }

    /** {@code ids}: those of the containers' user namespace, whose root gets the execs' pipes. */
    public ExecService(ContainerStore store, Runc runc, Snapshotter snapshots, int maxExecs, Clock clock, long openFiles,
                       OutputBudget output, IdRange ids) {
        this.ids = ids;
        this.openFiles = openFiles;
        this.output = output;
        this.store = store;
        this.runc = runc;
        this.snapshots = snapshots;
        this.maxExecs = maxExecs;
        this.clock = clock;
    }

    public ExecSession create(String containerRef, ExecConfig config) {
        Container c = store.get(containerRef);
        requireRunning(c);
        if (config.cmd() == null || config.cmd().isEmpty()) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("No exec command specified");
        }
        ExecSession session;
        synchronized (sessions) {
            pruneFinished();
            forgetNeverStarted();
            if (maxExecs > 0 && sessions.values().stream().filter(s -> !s.exit().isDone()).count() >= maxExecs) {
                throw new ConflictException("this sandbox already has " + maxExecs + " execs running or created and"
                        + " not started, its limit: wait for some to finish (an exec never started is dropped after "
                        + NEVER_STARTED_TTL.toMinutes() + " minutes)");
            }
            session = new ExecSession(Names.newId(), c.id(), config, clock.instant());
            sessions.put(session.id(), session);
        }
        announce(c, session, "exec_create: " + String.join(" ", config.cmd()), Map.of());
        return session;
    }

    /**
     * The IDs of the container's execs that are running or created and not started, oldest first, as
     * {@code docker inspect} shows them in {@code ExecIDs} (Docker forgets an exec there once it exits).
     */
    public List<String> activeIdsOf(String containerId) {
        return sessions.values().stream()
                .filter(s -> s.containerId().equals(containerId) && !s.exit().isDone())
                .sorted(java.util.Comparator.comparing(ExecSession::created))
                .map(ExecSession::id).toList();
    }

    /** How many execs are held (running, waiting to start, or finished and still inspectable). */
    public int size() {
        return sessions.size();
    }

    public ExecSession get(String execId) {
        ExecSession s = sessions.get(execId);
        if (s != null && s.waiting() && s.created().isBefore(clock.instant().minus(NEVER_STARTED_TTL))) {
            sessions.remove(execId, s);
            s = null;
        }
        if (s == null) {
            throw new NotFoundException("No such exec instance: " + execId);
        }
        return s;
    }

    /**
     * Starts the exec with {@code sink} (may be null for detached) receiving its output from the
     * first byte; returns once the process runs.
     */
    public ExecSession start(String execId, OutputSink sink) throws IOException {
        ExecSession s = get(execId);
        if (!s.markStarted()) {
            throw new ConflictException("Error: Exec command " + execId + " has already run");
        }
        if (sink != null) {
            s.hub().add(sink);
        }
        launch(s);
        return s;
    }

    /** What one healthcheck probe ended with ({@link #probe}). */
    record ProbeEnd(int exitCode, String output, boolean timedOut) {
    }

    /**
     * Runs {@code argv} in the container as a healthcheck does (Docker's probe: an exec as the container's user, in
     * its working dir, with its environment, no TTY, stdout and stderr kept together up to 4096 bytes) and waits
     * for it; past {@code timeout} the process is killed. Not counted against the space's exec limit nor listed:
     * {@link Healthchecks} runs at most one per container. Throws when it could not be started.
     */
    ProbeEnd probe(String containerId, List<String> argv, Duration timeout) throws IOException, InterruptedException {
        if (argv.isEmpty()) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("No exec command specified");
        }
        ExecSession s = new ExecSession(Names.newId(), containerId,
                new ExecConfig(argv, List.of(), "", "", false, false, true, true), clock.instant());
        s.markStarted();
        ProbeOutput output = new ProbeOutput();
        s.hub().add(output);
        launch(s);
        try {
            int code = s.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ProbeEnd(code, output.text(), false);
        } catch (TimeoutException e) {
            s.kill();
            try {
                s.exit().get(10, TimeUnit.SECONDS); // so that dying probes never pile up
            } catch (TimeoutException | ExecutionException ignored) {
                // killed; its exit thread reaps it
            }
            return new ProbeEnd(-1, output.text(), true);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    private void launch(ExecSession s) throws IOException {
        Container c = store.get(s.containerId());
        ProcessIo io = null;
        Path dir = store.dirOf(c.id()).resolve("exec");
        String shortId = s.id().substring(0, 12);
        try {
            synchronized (c) {
                requireRunning(c);
                ContainerRecord rec = c.record();
                EffectiveConfig eff = rec.effective();
                ExecConfig cfg = s.config();
                ExecUser user = ExecUser.resolve(cfg.user().isEmpty() ? eff.user() : cfg.user(), rec.config().options().groupAdd(),
                        snapshots.fsOf(c.id()).merged());
                List<String> env = new ArrayList<>(eff.env());
                env.addAll(cfg.env());
                String cwd = !cfg.workingDir().isEmpty() ? cfg.workingDir()
                        : eff.workingDir().isEmpty() ? "/" : eff.workingDir();
                int[] size = s.terminalSize();
                ProcessSpec process = new ProcessSpec(cfg.cmd(), ProcessEnv.build(env, eff.hostname(), cfg.tty(), user.home()),
                        cwd, user.uid(), user.gid(), user.additionalGids(), cfg.tty(), size[0], size[1],
                        rec.config().capDrop(), openFiles);
                Files.createDirectories(dir);
                Path processFile = dir.resolve(shortId + ".json");
                Files.write(processFile, Json.toBytes(OciSpecWriter.process(process)));
                io = ProcessIo.prepare("exec-" + shortId, cfg.tty(), cfg.attachStdin(),
                        runc.stateRoot().resolve("console-x" + shortId + ".sock"), ids);
                int pid = runc.exec(c.id(), processFile, io.runcIo(), dir.resolve(shortId + ".pid"),
                        dir.resolve(shortId + ".log"));
                io.started(s.hub(), output);
                s.running(pid, io);
                announce(c, s, "exec_start: " + String.join(" ", cfg.cmd()), Map.of());
                Files.deleteIfExists(processFile);
            }
        } catch (IOException | RuntimeException e) {
            if (io != null) {
                io.abandon();
            }
            s.hub().endAll();
            s.exit().complete(ContainerService.exitCodeForStartError(e.getMessage()));
            throw e;
        }
        watchExit(c, s, io);
    }

    /** An exec's event, as dockerd publishes it: the container's, with the exec's ID. */
    private void announce(Container c, ExecSession s, String action, Map<String, String> extra) {
        Map<String, String> attributes = new java.util.HashMap<>(extra);
        attributes.put("execID", s.id());
        new ContainerEvents(store.events()).publish(c.record(), action, attributes);
    }

    private void watchExit(Container c, ExecSession s, ProcessIo io) {
        Thread.ofPlatform().name("exec-exit-" + s.id().substring(0, 12)).daemon().stackSize(256 * 1024).start(() -> {
            Syscalls.awaitExitWithoutReaping(s.pid());
            s.ended(); // from here its pid is never signalled, so reaping it cannot make a reused pid a target
            int code = Syscalls.waitForExit(s.pid());
            io.finish(2000);
            s.hub().endAll();
            announce(c, s, "exec_die", Map.of("exitCode", String.valueOf(code)));
            s.exit().complete(code);
        });
    }

    private static void requireRunning(Container c) {
        ContainerState state = c.record().state();
        if (state.status() == Status.PAUSED) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (state.status() == Status.RESTARTING) {
            throw new ConflictException("Container " + c.id() + " is restarting, wait until the container is running");
        }
        if (!state.isRunning() || c.exiting()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
    }

    /** Execs created but not started for longer than {@link #NEVER_STARTED_TTL} are dropped with their config. */
    private void forgetNeverStarted() {
        Instant cutoff = clock.instant().minus(NEVER_STARTED_TTL);
        sessions.values().removeIf(s -> s.waiting() && s.created().isBefore(cutoff));
    }

    private void pruneFinished() {
        if (sessions.size() < MAX_FINISHED_KEPT) {
            return;
        }
        sessions.values().removeIf(s -> s.exit().isDone());
    }
}
