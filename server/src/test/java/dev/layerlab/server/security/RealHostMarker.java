package dev.layerlab.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A file in the real host's root that no sandbox host has, saying "real host": whatever shows it
 * to a learner's container has escaped to the real machine.
 */
record RealHostMarker(String name) implements AutoCloseable {
    static final String CONTENT = "real host";

    static RealHostMarker plant() throws IOException {
        RealHostMarker m = new RealHostMarker("layerlab-real-host-" + UUID.randomUUID());
        Files.writeString(m.path(), CONTENT + "\n");
        return m;
    }

    Path path() {
        return Path.of("/", name);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path());
    }
}
