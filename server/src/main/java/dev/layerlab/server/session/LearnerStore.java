package dev.layerlab.server.session;

import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Learners on disk, one small JSON file each ({@code <data-dir>/learners/<id>.json}), written atomically. */
final class LearnerStore {
    private static final Logger LOG = Logger.getLogger(LearnerStore.class.getName());

    private record Saved(String id, String language, Map<String, Set<String>> passed) {
    }

    private final Path dir;

    LearnerStore(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    /** Every saved learner; an unreadable file is skipped with a warning, never fatal. */
    Map<String, Learner> loadAll() throws IOException {
        Map<String, Learner> out = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    Saved s = Json.read(f, Saved.class);
                    if (LearnerIds.isValid(s.id())) {
                        Learner l = new Learner(s.id(), s.language(), s.passed() == null ? Map.of() : s.passed());
                        l.markSaved();
                        out.put(s.id(), l);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "skipping unreadable learner file " + f + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    void save(Learner learner) throws IOException {
        Json.writeAtomically(dir.resolve(learner.id() + ".json"),
                new Saved(learner.id(), learner.language(), learner.progress()));
    }
}
