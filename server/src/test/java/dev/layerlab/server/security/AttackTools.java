package dev.layerlab.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small static programs an attacker would bring, compiled once per test run with the host's gcc. */
final class AttackTools {
    private AttackTools() {
    }

    /** Compiles {@code name}.c from this package's resources into {@code dir}/{@code name}, statically linked. */
    static Path compile(String name, Path dir) throws IOException, InterruptedException {
        Path source = Files.createTempFile("layerlab-" + name + "-", ".c");
        try (InputStream in = AttackTools.class.getResourceAsStream(name + ".c")) {
            Files.write(source, in.readAllBytes());
        }
        Files.createDirectories(dir);
        Path binary = dir.resolve(name);
        Process p = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("gcc " + name + ".c failed: " + out);
        }
        Files.delete(source);
        return binary;
    }
}
