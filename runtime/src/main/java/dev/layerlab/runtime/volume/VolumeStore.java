package dev.layerlab.runtime.volume;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;

import dev.layerlab.runtime.userns.IdRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Volumes of one space, as Docker's "local" driver keeps them: {@code <root>/<name>/_data} plus
 * {@code volume.json}. Who uses a volume is the caller's knowledge, passed in where it matters.
 */
public final class VolumeStore {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final Clock clock;
    private final int maxVolumes;

    private final IdRange owner;
    private final EventFeed events;

    public VolumeStore(Path root, Clock clock) throws IOException {
        this(root, clock, 0);
    }

    /** {@code maxVolumes}: how many volumes may exist at once (0: no limit). */
    public VolumeStore(Path root, Clock clock, int maxVolumes) throws IOException {
        this(root, clock, maxVolumes, IdRange.NONE);
    }

    /**
     * {@code owner}: the ids of the containers that use these volumes; a new volume's {@code _data}
     * belongs to their root (what {@code owner}'s uid 0 is on the real host), so they can write in it.
     */
    public VolumeStore(Path root, Clock clock, int maxVolumes, IdRange owner) throws IOException {
        this(root, clock, maxVolumes, owner, new EventFeed());
    }

    /** {@code events}: the space's feed, which gets each volume's {@code create} and {@code destroy}. */
    public VolumeStore(Path root, Clock clock, int maxVolumes, IdRange owner, EventFeed events) throws IOException {
        this.events = events;
        this.root = root;
        this.clock = clock;
        this.maxVolumes = maxVolumes;
        this.owner = owner;
        Files.createDirectories(root);
    }

    /** Creates a volume, or returns the existing one of that name (as Docker does); null name: anonymous. */
    public synchronized Volume create(String name, Map<String, String> labels) throws IOException {
        boolean anonymous = name == null || name.isEmpty();
        String n = anonymous ? HexFormat.of().formatHex(randomBytes()) : name;
        if (!VALID.matcher(n).matches()) {
            throw new InvalidArgumentException("create " + n + ": \"" + n + "\" includes invalid characters for a local"
                    + " volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
                    + " directory, use absolute path");
        }
        Path dir = root.resolve(n);
        if (Files.isRegularFile(dir.resolve("volume.json"))) {
            return read(n);
        }
        if (maxVolumes > 0 && count() >= maxVolumes) {
            throw new ConflictException("this sandbox already has " + maxVolumes + " volumes, its limit:"
                    + " remove some first (docker volume rm, or docker volume prune)");
        }
        Path data = Files.createDirectories(dir.resolve("_data"));
        if (!owner.isIdentity()) {
            Files.setAttribute(data, "unix:uid", owner.outside(0));
            Files.setAttribute(data, "unix:gid", owner.outside(0));
        }
        Volume v = new Volume(n, clock.instant(), labels == null ? Map.of() : Map.copyOf(labels), anonymous, dir.resolve("_data"));
        Json.writeAtomically(dir.resolve("volume.json"), v);
        events.publish(Event.VOLUME, "create", n, Map.of("driver", "local"));
        return v;
    }

    private long count() throws IOException {
        try (var dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("volume.json"))).count();
        }
    }

    public synchronized Volume get(String name) throws IOException {
        if (name == null || !VALID.matcher(name).matches() || !Files.isRegularFile(root.resolve(name).resolve("volume.json"))) {
            throw new NotFoundException("get " + name + ": no such volume");
        }
        return read(name);
    }

    public synchronized boolean exists(String name) {
        return name != null && VALID.matcher(name).matches() && Files.isRegularFile(root.resolve(name).resolve("volume.json"));
    }

    public synchronized List<Volume> list() throws IOException {
        List<Volume> volumes = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("volume.json"))) {
                    volumes.add(read(dir.getFileName().toString()));
                }
            }
        }
        volumes.sort(Comparator.comparing(Volume::name));
        return volumes;
    }

    /**
     * Removes a volume unless a container uses it; {@code users} names the containers using a
     * volume (empty if none). {@code force} only forgives a missing volume, as in Docker.
     */
    public synchronized void remove(String name, boolean force, Function<String, List<String>> users) throws IOException {
        if (!exists(name)) {
            if (force) {
                return;
            }
            throw new NotFoundException("get " + name + ": no such volume");
        }
        List<String> using = users.apply(name);
        if (!using.isEmpty()) {
            throw new ConflictException("remove " + name + ": volume is in use - " + using);
        }
        AtomicFiles.deleteTree(root.resolve(name));
        events.publish(Event.VOLUME, "destroy", name, Map.of("driver", "local"));
    }

    /** Removes unused volumes (anonymous only unless {@code all}); returns the names removed and bytes freed. */
    public synchronized PruneResult prune(boolean all, Function<String, List<String>> users) throws IOException {
        List<String> removed = new ArrayList<>();
        long freed = 0;
        for (Volume v : list()) {
            if ((all || v.anonymous()) && users.apply(v.name()).isEmpty()) {
                freed += size(v);
                AtomicFiles.deleteTree(root.resolve(v.name()));
                events.publish(Event.VOLUME, "destroy", v.name(), Map.of("driver", "local"));
                removed.add(v.name());
            }
        }
        return new PruneResult(removed, freed);
    }

    public record PruneResult(List<String> removed, long bytesFreed) {
    }

    /** Bytes of regular files in the volume. */
    public long size(Volume v) throws IOException {
        try (Stream<Path> walk = Files.walk(v.mountpoint())) {
            return walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private Volume read(String name) throws IOException {
        return Json.read(root.resolve(name).resolve("volume.json"), Volume.class);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }
}
