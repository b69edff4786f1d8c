package dev.layerlab.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A minimal busybox root filesystem made straight in a directory, for tests below the image store. */
final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.createDirectories(dir.resolve("etc"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("home/app"));
        Files.copy(Path.of("/bin/busybox"), dir.resolve("bin/busybox"));
        Process list = new ProcessBuilder("/bin/busybox", "--list").start();
        for (String applet : new String(list.getInputStream().readAllBytes()).split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(dir.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        }
        Files.writeString(dir.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:app user:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """);
        Files.writeString(dir.resolve("etc/group"), """
                root:x:0:
                app:x:1000:
                staff:x:50:app
                nogroup:x:65534:
                """);
        return dir;
    }
}
