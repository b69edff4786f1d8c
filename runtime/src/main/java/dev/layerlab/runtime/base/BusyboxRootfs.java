package dev.layerlab.runtime.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The busybox image's root filesystem, made from the host's busybox-static: the binary, a symlink
 * per applet where busybox itself installs it, and the few /etc files an image needs.
 */
final class BusyboxRootfs {
    static final Path HOST_BUSYBOX = Path.of("/bin/busybox");
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private BusyboxRootfs() {
    }

    static void create(Path root) throws IOException, InterruptedException {
        for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "etc", "root", "home", "var/spool/mail",
                "var/www", "proc", "sys", "dev")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.copy(HOST_BUSYBOX, root.resolve("bin/busybox"));
        for (String applet : applets()) {
            Path link = root.resolve(applet);
            if (!applet.equals("bin/busybox") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, Path.of("/bin/busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                bin:x:2:2:bin:/bin:/bin/false
                sys:x:3:3:sys:/dev:/bin/false
                www-data:x:33:33:www-data:/var/www:/bin/false
                nobody:x:65534:65534:nobody:/home:/bin/false
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                daemon:x:1:
                bin:x:2:
                sys:x:3:
                tty:x:5:
                staff:x:50:
                www-data:x:33:
                users:x:100:
                nogroup:x:65534:
                """);
        pinTimes(root);
    }

    /** Applet paths as busybox would install them ("bin/ls", "usr/bin/wc"). */
    private static List<String> applets() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(HOST_BUSYBOX.toString(), "--list-full").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("busybox --list-full failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("/") && !l.contains("..")).toList();
    }

    /** Fixed timestamps make the layer, and so the image ID, the same on every machine with the same busybox. */
    private static void pinTimes(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, EPOCH);
                }
            }
        }
    }
}
