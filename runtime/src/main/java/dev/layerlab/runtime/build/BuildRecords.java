package dev.layerlab.runtime.build;

import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The last builds of a space, newest first, one JSON file each; older ones are deleted beyond {@link #KEEP}. */
public final class BuildRecords {
    static final int KEEP = 20;

    private final Path dir;

    public BuildRecords(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    public synchronized void save(BuildRecord record) throws IOException {
        Json.writeAtomically(dir.resolve(record.id() + ".json"), record);
        List<BuildRecord> all = list();
        for (BuildRecord old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            Files.deleteIfExists(dir.resolve(old.id() + ".json"));
        }
    }

    /** Every kept build, newest first. */
    public synchronized List<BuildRecord> list() throws IOException {
        List<BuildRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                out.add(Json.read(f, BuildRecord.class));
            }
        }
        out.sort(Comparator.comparing(BuildRecord::started).reversed().thenComparing(BuildRecord::id));
        return out;
    }

    public synchronized BuildRecord get(String id) throws IOException {
        Path f = dir.resolve(id + ".json");
        if (!id.matches("[0-9a-f]{1,64}") || !Files.exists(f)) {
            throw new NotFoundException("No such build: " + id);
        }
        return Json.read(f, BuildRecord.class);
    }
}
