package dev.layerlab.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a created container (runc create done, its process not started yet) before it may run:
 * each masked path that exists is /dev/null or an empty read-only tmpfs, each read-only path is a
 * read-only mount, and /dev/console, if any, is a character device. runc 1.1.5 lacks the fixes for
 * CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881, whose attacks make runc put something else there;
 * the engine refuses what they need beforehand (docs/security.md), and this check proves the result.
 */
public final class MaskCheck {
    private static final long DEV_NULL = makedev(1, 3);

    private MaskCheck() {
    }

    /** The problems found in process {@code pid}'s view of its root; empty if all is in place. */
    public static List<String> problems(int pid) throws IOException {
        Path root = Path.of("/proc/" + pid + "/root");
        List<Mount> mounts = mounts(pid);
        List<String> problems = new ArrayList<>();
        for (String masked : OciSpecWriter.MASKED_PATHS) {
            Path p = root.resolve(masked.substring(1));
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue; // nothing of the kernel's there to hide
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (!isReadOnlyMount(mounts, masked) || !isEmpty(p)) {
                    problems.add(masked + " is not an empty read-only tmpfs");
                }
            } else if (!isCharDevice(p, DEV_NULL)) {
                problems.add(masked + " is not masked with /dev/null");
            }
        }
        for (String readOnly : OciSpecWriter.READONLY_PATHS) {
            if (Files.exists(root.resolve(readOnly.substring(1)), LinkOption.NOFOLLOW_LINKS)
                    && !isReadOnlyMount(mounts, readOnly)) {
                problems.add(readOnly + " is not read-only");
            }
        }
        Path console = root.resolve("dev/console");
        if (Files.exists(console, LinkOption.NOFOLLOW_LINKS) && !isCharDevice(console, -1)) {
            problems.add("/dev/console is not a character device");
        }
        return problems;
    }

    private record Mount(String point, boolean readOnly) {
    }

    /** The process's mounts, paths as it sees them (mountinfo is relative to its root). */
    private static List<Mount> mounts(int pid) throws IOException {
        List<Mount> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 5) {
                boolean ro = List.of(f[5].split(",")).contains("ro");
                out.add(new Mount(unescape(f[4]), ro));
            }
        }
        return out;
    }

    /** The mount on top at {@code point} (the last one listed there) is read-only. */
    private static boolean isReadOnlyMount(List<Mount> mounts, String point) {
        Mount top = null;
        for (Mount m : mounts) {
            if (m.point().equals(point)) {
                top = m;
            }
        }
        return top != null && top.readOnly();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A character device; of number {@code rdev} unless that is -1. */
    private static boolean isCharDevice(Path p, long rdev) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) != 0020000) {
            return false;
        }
        return rdev == -1 || (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS) == rdev;
    }

    private static long makedev(long major, long minor) {
        return (major << 8) | minor; // glibc's encoding for small numbers
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
