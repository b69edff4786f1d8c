package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.stdio.ContainerLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * All containers, in memory and on disk under {@code containers/<id>/}, their json-file logs under
 * {@code <logRoot>/<id>/} (the same directory unless the space keeps logs on a sandbox's disk). Lookup
 * follows Docker: a full ID, then an exact name, then a unique ID prefix.
 */
public final class ContainerStore {
    private final Path root;
    private final Path logRoot;
    private final long logMaxBytes;
    private final Clock clock;
    private final Map<String, Container> byId = new LinkedHashMap<>();
    private final EventFeed events;

    public ContainerStore(Path root, long logMaxBytes, Clock clock) throws IOException {
        this(root, root, logMaxBytes, clock);
    }

    public ContainerStore(Path root, Path logRoot, long logMaxBytes, Clock clock) throws IOException {
        this(root, logRoot, logMaxBytes, clock, new EventFeed());
    }

    /** {@code events}: the space's feed, where the services of these containers publish what they do to them. */
    public ContainerStore(Path root, Path logRoot, long logMaxBytes, Clock clock, EventFeed events) throws IOException {
        this.events = events;
        this.root = root;
        this.logRoot = logRoot;
        this.logMaxBytes = logMaxBytes;
        this.clock = clock;
        Files.createDirectories(root);
        load();
    }

    /** The space's event feed. */
    public EventFeed events() {
        return events;
    }

    public Path dirOf(String id) {
        return root.resolve(id);
    }

    /** Registers a new container, reserving its name; fails if the name is taken. */
    public synchronized Container add(ContainerRecord record) throws IOException {
        requireNameFree(record.name());
        Container c = new Container(record, newLog(record));
        Files.createDirectories(dirOf(record.id()));
        persist(record);
        byId.put(record.id(), c);
        return c;
    }

    /** Replaces a container's record, on disk first. */
    public void save(Container c, ContainerRecord next) {
        synchronized (c) {
            persist(next);
            c.update(next);
        }
    }

    /** Fails with Docker's conflict message if a container already has {@code name}. */
    public synchronized void requireNameFree(String name) {
        for (Container c : byId.values()) {
            if (c.record().name().equals(name)) {
                throw new ConflictException("Conflict. The container name \"/" + name
                        + "\" is already in use by container \"" + c.id() + "\". You have to remove (or rename)"
                        + " that container to be able to reuse that name.");
            }
        }
    }

    public synchronized boolean nameTaken(String name) {
        return byId.values().stream().anyMatch(c -> c.record().name().equals(name));
    }

    public synchronized Container get(String ref) {
        String r = ref.startsWith("/") ? ref.substring(1) : ref;
        Container exact = byId.get(r);
        if (exact != null) {
            return exact;
        }
        for (Container c : byId.values()) {
            if (c.record().name().equals(r)) {
                return c;
            }
        }
        List<Container> prefixed = r.isEmpty() ? List.of()
                : byId.values().stream().filter(c -> c.id().startsWith(r)).toList();
        if (prefixed.size() > 1) {
            throw new NotFoundException("Multiple IDs found with provided prefix: " + r);
        }
        if (prefixed.isEmpty()) {
            throw new NotFoundException("No such container: " + ref);
        }
        return prefixed.get(0);
    }

    public synchronized List<Container> all() {
        List<Container> list = new ArrayList<>(byId.values());
        list.sort(Comparator.comparing((Container c) -> c.record().created()).reversed());
        return list;
    }

    public synchronized void delete(Container c) throws IOException {
        byId.remove(c.id());
        c.log().close();
        AtomicFiles.deleteTree(dirOf(c.id()));
        if (!logRoot.equals(root)) {
            AtomicFiles.deleteTree(logRoot.resolve(c.id()));
        }
    }

    private void persist(ContainerRecord record) {
        try {
            Json.writeAtomically(dirOf(record.id()).resolve("container.json"), record);
        } catch (IOException e) {
            throw new UncheckedIOException("saving container " + record.shortId() + ": " + e.getMessage(), e);
        }
    }

    /** The container's log as its driver says: nothing kept, or bounded by its options, else by the space's limit. */
    private ContainerLog newLog(ContainerRecord record) {
        String id = record.id();
        Path file = logRoot.resolve(id).resolve(id + "-json.log");
        LogConfig asked = record.config().options().log();
        if (!asked.readable()) {
            return ContainerLog.discarding(file, clock);
        }
        if (asked.maxBytes() > 0) {
            // Never more than the space's own bound: two files of logMaxBytes.
            long bytes = Math.min(asked.maxBytes(), logMaxBytes);
            long files = Math.min(Math.max(1, asked.maxFiles()), Math.max(1, 2 * logMaxBytes / bytes));
            return new ContainerLog(file, bytes, (int) files, clock);
        }
        return new ContainerLog(file, logMaxBytes, clock);
    }

    /** The bound of each container's log when its options name none (two files of this size). */
    public long logMaxBytes() {
        return logMaxBytes;
    }

    private void load() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                Path file = dir.resolve("container.json");
                if (!Files.isRegularFile(file)) {
                    continue; // a create that crashed before its record was written
                }
                ContainerRecord record = Json.read(file, ContainerRecord.class);
                byId.put(record.id(), new Container(record, newLog(record)));
            }
        }
    }
}
