package dev.layerlab.runtime.container;

import dev.layerlab.runtime.runc.ContainerSpec.TmpfsMount;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --tmpfs /x[:opts]} as runc mounts it: Docker's default options (noexec, nosuid, nodev) with the
 * learner's, and a size never above the container's memory limit. A tmpfs's pages are charged to the
 * memory cgroup of whoever writes them, so they count against the container's and the sandbox's memory
 * as Docker's do; the cap keeps one tmpfs from being bigger than the memory that would back it. The server
 * has already checked the paths and options ({@code TmpfsRequest}).
 */
final class TmpfsMounts {
    private TmpfsMounts() {
    }

    static List<TmpfsMount> of(Map<String, String> asked, long memoryLimitBytes) {
        List<TmpfsMount> out = new ArrayList<>();
        asked.forEach((destination, opts) -> out.add(new TmpfsMount(destination, options(opts, memoryLimitBytes))));
        return out;
    }

    /** The cap of a container without a memory limit of its own (its sandbox's cgroup still bounds it). */
    static final long CAP_WITHOUT_MEMORY_LIMIT = 256L << 20;

    static List<String> options(String asked, long memoryLimitBytes) {
        List<String> out = new ArrayList<>(List.of("nosuid", "nodev"));
        boolean exec = false;
        long size = memoryLimitBytes > 0 ? memoryLimitBytes : CAP_WITHOUT_MEMORY_LIMIT;
        for (String o : asked.isEmpty() ? new String[0] : asked.split(",")) {
            if (o.startsWith("size=")) {
                size = Math.min(size, sizeBytes(o.substring(5)));
            } else if (o.equals("exec")) {
                exec = true;
            } else if (o.equals("noexec")) {
                exec = false;
            } else if (!o.equals("nosuid") && !o.equals("nodev")) {
                out.add(o);
            }
        }
        out.add(exec ? "exec" : "noexec");
        out.add("size=" + size);
        return out;
    }

    /** A tmpfs size: bytes, or with k/m/g (either case), as mount(8) takes it. */
    static long sizeBytes(String text) {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits);
            if (v > 0 && v <= Long.MAX_VALUE / unit) {
                return v * unit;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new dev.layerlab.runtime.error.InvalidArgumentException("invalid tmpfs size: " + text);
    }
}
