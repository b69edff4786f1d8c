package dev.layerlab.runtime.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian root filesystem tarball made by mmdebstrap from Debian's own packages. It is made once
 * and kept in the host-wide cache; every data directory imports it from there.
 */
final class DebianRootfs {
    private DebianRootfs() {
    }

    /** The cached tarball of {@code suite}, made first if missing. */
    static Path ensure(Path cacheDir, String suite) throws IOException, InterruptedException {
        return ensure(cacheDir, "debian-" + suite, suite, List.of(), List.of());
    }

    /**
     * The cached tarball {@code name}: Debian {@code suite} with extra {@code packages} and mmdebstrap
     * {@code hooks} (e.g. {@code --customize-hook=...}), made first if missing.
     */
    static Path ensure(Path cacheDir, String name, String suite, List<String> packages, List<String> hooks)
            throws IOException, InterruptedException {
        Path tar = cacheDir.resolve(name + "-rootfs.tar");
        if (Files.isRegularFile(tar)) {
            return tar;
        }
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, "." + name, ".tar");
        Path logFile = cacheDir.resolve("mmdebstrap-" + name + ".log");
        try {
            // No device nodes in the tar (runc makes /dev), no apt lists: as Docker's debian image.
            List<String> cmd = new java.util.ArrayList<>(List.of("mmdebstrap", "--quiet", "--variant=minbase",
                    "--mode=root", "--format=tar", "--skip=output/dev"));
            if (!packages.isEmpty()) {
                cmd.add("--include=" + String.join(",", packages));
            }
            cmd.addAll(hooks);
            cmd.add("--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/*.bin");
            cmd.add(suite);
            cmd.add(tmp.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("mmdebstrap " + name + " took longer than 20 minutes; see " + logFile);
            }
            if (p.exitValue() != 0) {
                throw new IOException("mmdebstrap " + name + " failed (exit " + p.exitValue() + "); see " + logFile);
            }
            Files.move(tmp, tar, StandardCopyOption.ATOMIC_MOVE);
            return tar;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
