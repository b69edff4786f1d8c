package dev.layerlab.server.dockerapi.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's cgroup (v1) files, found from its init's {@code /proc/<pid>/cgroup} so that the
 * server needs no knowledge of where the engine placed it.
 */
final class Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final int pid;

    Cgroups(int pid) {
        this.pid = pid;
    }

    /** The directory of {@code controller} (memory, pids, cpuacct) for the process. */
    Path dir(String controller) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                return ROOT.resolve(parts[1]).resolve(parts[2].substring(1));
            }
        }
        throw new IOException("process " + pid + " has no " + controller + " cgroup");
    }

    long number(String controller, String file) {
        try {
            String v = Files.readString(dir(controller).resolve(file)).strip();
            return v.equals("max") ? 0 : Long.parseLong(v);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Every process of the container: its init, what it forked, and execs. */
    List<Integer> pids() throws IOException {
        List<Integer> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir("pids").resolve("cgroup.procs"))) {
            if (!line.isBlank()) {
                out.add(Integer.parseInt(line.strip()));
            }
        }
        return out;
    }

    /** A v1 stat file's value for {@code key} (memory.stat's total_inactive_file ...). */
    long stat(String controller, String file, String key) {
        try {
            for (String line : Files.readAllLines(dir(controller).resolve(file))) {
                String[] kv = line.split(" ");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // absent: zero, as Docker shows for a missing counter
        }
        return 0;
    }
}
