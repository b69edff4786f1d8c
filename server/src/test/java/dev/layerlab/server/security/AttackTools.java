package dev.layerlab.server.security;

import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.server.cli.SandboxFixture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small static programs an attacker would bring, compiled once per test run with the host's gcc. */
final class AttackTools {
    private AttackTools() {
    }

    /**
     * Compiles {@code name}.c from this package's resources, statically linked (busybox has no libc)
     * with {@code flags}, and puts the program at {@code pathInHost} in {@code fx}'s sandbox host, as a
     * learner's own file (written as the sandbox's root: the host's files are idmapped).
     */
    static void install(SandboxFixture fx, String name, String pathInHost, String... flags)
            throws IOException, InterruptedException {
        Path source = Files.createTempFile("layerlab-" + name + "-", ".c");
        Path binary = Files.createTempFile("layerlab-" + name + "-", "");
        try {
            try (InputStream in = AttackTools.class.getResourceAsStream(name + ".c")) {
                Files.write(source, in.readAllBytes());
            }
            List<String> gcc = new ArrayList<>(List.of("gcc", "-static"));
            gcc.addAll(List.of(flags));
            gcc.addAll(List.of("-o", binary.toString(), source.toString()));
            Process p = new ProcessBuilder(gcc).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("gcc " + name + ".c failed: " + out);
            }
            Path hostRoot = fx.service.sandboxes().hostSpace(fx.sandbox).snapshots().fsOf(fx.sandbox.hostContainerId()).merged();
            Path target = hostRoot.resolve(pathInHost.substring(1));
            AsSandboxRoot.run(fx.sandbox.ids(), () -> {
                Files.createDirectories(target.getParent());
                Files.copy(binary, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                return null;
            });
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(binary);
        }
    }
}
