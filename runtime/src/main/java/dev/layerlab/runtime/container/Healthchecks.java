package dev.layerlab.runtime.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs containers' healthchecks as Docker does ({@code --health-*}, the image's HEALTHCHECK): while a container runs,
 * its probe ({@code CMD}: the command, {@code CMD-SHELL}: through {@code /bin/sh -c}) runs as an exec inside it
 * ({@link ExecService#probe}), so its cost lands in the container's cgroup; the first an interval after the start,
 * each next an interval after the previous one ended. A probe past its timeout is killed and counts as failed (-1).
 * The results make the container's {@link Health} (Docker's rules: {@link Health#after}).
 *
 * <p>Bounded: an idle container costs one task in a timer shared by every space (one thread in all, no thread per
 * container); a probe runs on a virtual thread while it lasts, at most one per container at a time; intervals are
 * at least {@link #MIN_INTERVAL} (Docker allows 1 ms). Paused, a container is not probed. When its process ends the
 * monitor is cancelled (a result arriving after that is dropped, as Docker drops it); a new start makes a new one.
 * Health is kept in memory with the container: after a server restart a container has none until it runs again.
 */
public final class Healthchecks {
    private static final Logger LOG = Logger.getLogger(Healthchecks.class.getName());
    /** The shortest interval between probes here; a shorter {@code --health-interval} runs this often. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int DEFAULT_RETRIES = 3;
    private static final ScheduledExecutorService TIMER = timer();

    private final ContainerStore store;
    private final ExecService execs;
    private final Clock clock;
    private final ContainerEvents events;
    private final Map<String, Monitor> monitors = new ConcurrentHashMap<>();
    /** Containers whose probe is running now: never two at once, even across a restart. */
    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    public Healthchecks(ContainerStore store, ExecService execs, Clock clock) {
        this.store = store;
        this.execs = execs;
        this.clock = clock;
        this.events = new ContainerEvents(store.events());
    }

    /** How many containers have a healthcheck scheduled (running containers with one). */
    public int monitored() {
        return monitors.size();
    }

    /** The health of container {@code id}, or null when it has no healthcheck, has not run with one or is gone. */
    public Health of(String id) {
        try {
            return store.get(id).health();
        } catch (dev.layerlab.runtime.error.NotFoundException e) {
            return null;
        }
    }

    /**
     * Called holding {@code c}'s monitor once its process runs: health {@code starting} (the log kept from an earlier
     * run) and the first probe scheduled, until this run ends.
     */
    void started(Container c) {
        Monitor previous = monitors.remove(c.id());
        if (previous != null) {
            previous.cancel();
        }
        Settings settings = Settings.of(c.record().config().options().healthcheck());
        if (settings == null) {
            return;
        }
        c.health(c.health() == null ? Health.starting() : c.health().restarted());
        Monitor monitor = new Monitor(c, settings, c.record().state().startedAt());
        monitors.put(c.id(), monitor);
        c.nextExit().whenComplete((code, failure) -> {
            monitor.cancel();
            monitors.remove(c.id(), monitor);
        });
        monitor.scheduleNext();
    }

    /** What a container's healthcheck config asks for, with Docker's defaults and our floor; null: none to run. */
    record Settings(List<String> argv, Duration interval, Duration timeout, Duration startPeriod, int retries) {
        static Settings of(Map<String, Object> healthcheck) {
            if (healthcheck == null || !(healthcheck.get("Test") instanceof List<?> test) || test.isEmpty()) {
                return null;
            }
            List<String> words = test.stream().map(String::valueOf).toList();
            List<String> argv = switch (words.getFirst()) {
                case "CMD" -> words.subList(1, words.size());
                case "CMD-SHELL" -> {
                    List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c"));
                    shell.addAll(words.subList(1, words.size()));
                    yield shell;
                }
                default -> null; // NONE, or a type Docker does not know either: nothing runs
            };
            if (argv == null) {
                return null;
            }
            Duration interval = nanos(healthcheck.get("Interval"), DEFAULT_INTERVAL);
            return new Settings(argv, interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval,
                    nanos(healthcheck.get("Timeout"), DEFAULT_TIMEOUT), nanos(healthcheck.get("StartPeriod"), Duration.ZERO),
                    healthcheck.get("Retries") instanceof Number n && n.intValue() > 0 ? n.intValue() : DEFAULT_RETRIES);
        }

        private static Duration nanos(Object value, Duration otherwise) {
            return value instanceof Number n && n.longValue() > 0 ? Duration.ofNanos(n.longValue()) : otherwise;
        }
    }

    /** One run of one container: its next probe scheduled, or its probe running. */
    private final class Monitor implements Runnable {
        private final Container container;
        private final Settings settings;
        private final Instant startedAt;
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;

        Monitor(Container container, Settings settings, Instant startedAt) {
            this.container = container;
            this.settings = settings;
            this.startedAt = startedAt;
        }

        void scheduleNext() {
            if (!cancelled) {
                next = TIMER.schedule(() -> Thread.ofVirtual().name("healthcheck-" + container.record().shortId()).start(this),
                        settings.interval().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> pending = next;
            if (pending != null) {
                pending.cancel(false);
            }
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            if (container.record().state().status() == Status.RUNNING && !container.exiting() && probing.add(container.id())) {
                try {
                    Health.Result result = probe();
                    if (result != null) {
                        record(result);
                    }
                } finally {
                    probing.remove(container.id());
                }
            }
            scheduleNext(); // paused, or still probing from an earlier run: this turn is skipped
        }

        /** The probe's result, or null when the container could not take an exec this turn. */
        private Health.Result probe() {
            Instant start = clock.instant();
            try {
                ExecService.ProbeEnd end = execs.probe(container.id(), settings.argv(), settings.timeout());
                String output = end.timedOut()
                        ? "Health check exceeded timeout (" + GoDuration.format(settings.timeout()) + ")" : end.output();
                return new Health.Result(start, clock.instant(), end.exitCode(), output);
            } catch (dev.layerlab.runtime.error.ConflictException e) {
                return null; // paused (the engine holds it still for docker cp) or stopping since the check above: no turn
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return new Health.Result(start, clock.instant(), -1, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        private void record(Health.Result result) {
            synchronized (container) {
                Health before = container.health();
                if (cancelled || before == null) {
                    return; // its run ended meanwhile: Docker drops such a result
                }
                boolean withinStartPeriod = Duration.between(startedAt, result.start()).compareTo(settings.startPeriod()) < 0;
                Health after = before.after(result, settings.retries(), withinStartPeriod);
                container.health(after);
                if (!after.status().equals(before.status())) {
                    statusChanged(container, after.status());
                }
            }
        }
    }

    /**
     * The one place a container's health status changes: Docker's event {@code health_status: <status>} (e.g.
     * {@code health_status: healthy}).
     */
    private void statusChanged(Container c, String status) {
        LOG.log(Level.FINE, () -> c.record().shortId() + " health_status: " + status);
        events.publish(c.record(), "health_status: " + status);
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().name("healthchecks").daemon().unstarted(r));
        timer.setRemoveOnCancelPolicy(true); // a stopped container leaves nothing queued
        return timer;
    }
}
