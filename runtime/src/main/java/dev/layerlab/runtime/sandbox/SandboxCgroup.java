package dev.layerlab.runtime.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cgroup every container of one sandbox sits under, so its memory, pids and CPU share are
 * capped together whatever the learner starts. Works on cgroup v1 (one directory per controller)
 * and v2 (one unified tree); runc puts each container in a child of it.
 */
final class SandboxCgroup {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final String relative;

    private SandboxCgroup(String relative) {
        this.relative = relative;
    }

    /** {@code relative} is like {@code layerlab/sb-1234}; limits of 0 are left unset. */
    static SandboxCgroup create(String relative, long memoryBytes, long pids, long cpuShares) throws IOException {
        SandboxCgroup cg = new SandboxCgroup(relative);
        if (unified()) {
            enableControllers(relative);
            Path dir = Files.createDirectories(ROOT.resolve(relative));
            writeIf(memoryBytes > 0, dir.resolve("memory.max"), memoryBytes);
            writeIf(pids > 0, dir.resolve("pids.max"), pids);
            // cpu.weight 1..10000 (default 100) from v1's shares 2..262144 (default 1024).
            writeIf(cpuShares > 0, dir.resolve("cpu.weight"), Math.max(1, Math.min(10000, cpuShares * 100 / 1024)));
        } else {
            Path memory = Files.createDirectories(ROOT.resolve("memory").resolve(relative));
            writeIf(memoryBytes > 0, memory.resolve("memory.limit_in_bytes"), memoryBytes);
            Path pidsDir = Files.createDirectories(ROOT.resolve("pids").resolve(relative));
            writeIf(pids > 0, pidsDir.resolve("pids.max"), pids);
            Path cpu = Files.createDirectories(ROOT.resolve("cpu").resolve(relative));
            writeIf(cpuShares > 0, cpu.resolve("cpu.shares"), cpuShares);
        }
        return cg;
    }

    /** Removes the cgroup directories (empty once runc deleted every container in them). */
    void remove() {
        List<Path> dirs = unified() ? List.of(ROOT.resolve(relative))
                : List.of("memory", "pids", "cpu", "cpuacct", "cpuset", "devices", "freezer", "blkio", "systemd",
                        "net_cls", "perf_event", "hugetlb", "net_prio", "rdma", "misc")
                .stream().map(c -> ROOT.resolve(c).resolve(relative)).toList();
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir); // rmdir: cgroupfs refuses it while processes or children remain
            } catch (IOException e) {
                // still busy: left for the next start's clean-up
            }
        }
    }

    /** Removes the cgroup of a sandbox from an earlier run, if it is empty now. */
    static void forgotten(String relative) {
        new SandboxCgroup(relative).remove();
    }

    static boolean unified() {
        return Files.exists(ROOT.resolve("cgroup.controllers"));
    }

    private static void enableControllers(String relative) throws IOException {
        Path dir = ROOT;
        for (Path part : Path.of(relative)) {
            Path control = dir.resolve("cgroup.subtree_control");
            if (Files.exists(control)) {
                Files.writeString(control, "+memory +pids +cpu");
            }
            dir = Files.createDirectories(dir.resolve(part));
        }
    }

    private static void writeIf(boolean condition, Path file, long value) throws IOException {
        if (condition) {
            Files.writeString(file, Long.toString(value));
        }
    }
}
