package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ContentTypes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker stats}: Docker's stats JSON from the container's cgroup v1 counters. Each sample
 * carries the previous one as {@code precpu_stats}, which is what the CLI's CPU % is computed from.
 */
final class StatsHandler {
    private static final long INTERVAL_MILLIS = 1000;
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private final SandboxContext ctx;

    StatsHandler(SandboxContext ctx) {
        this.ctx = ctx;
    }

    void handle(ApiExchange ex) throws IOException, InterruptedException {
        ContainerRecord rec = ctx.space().containers().inspect(ex.param("id"));
        boolean stream = ex.query().bool("stream", true);
        boolean oneShot = ex.query().bool("one-shot");
        Map<String, Object> previous = cpu(rec);
        if (!stream && !oneShot) {
            Thread.sleep(INTERVAL_MILLIS / 2); // so that one sample can still show a CPU %
        }
        try (OutputStream out = ex.stream(200, ContentTypes.JSON)) {
            do {
                rec = ctx.space().containers().inspect(rec.id());
                Map<String, Object> current = cpu(rec);
                out.write(dev.layerlab.runtime.io.Json.toBytes(sample(rec, current, previous)));
                out.write('\n');
                out.flush();
                previous = current;
                if (stream) {
                    Thread.sleep(INTERVAL_MILLIS);
                }
            } while (stream && rec.state().isRunning());
        }
    }

    private static Map<String, Object> sample(ContainerRecord rec, Map<String, Object> cpu, Map<String, Object> precpu) {
        boolean running = rec.state().isRunning();
        Cgroups cg = new Cgroups(rec.state().pid());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("read", DockerTime.rfc3339Nano(Instant.now()));
        s.put("preread", DockerTime.ZERO);
        s.put("name", "/" + rec.name());
        s.put("id", rec.id());
        s.put("pids_stats", running ? Map.of("current", cg.number("pids", "pids.current"),
                "limit", cg.number("pids", "pids.max")) : Map.of());
        Map<String, Object> mem = new LinkedHashMap<>();
        if (running) {
            mem.put("usage", cg.number("memory", "memory.usage_in_bytes"));
            mem.put("max_usage", cg.number("memory", "memory.max_usage_in_bytes"));
            mem.put("limit", cg.number("memory", "memory.limit_in_bytes"));
            mem.put("stats", Map.of("total_inactive_file", cg.stat("memory", "memory.stat", "total_inactive_file")));
        }
        s.put("memory_stats", mem);
        s.put("cpu_stats", cpu);
        s.put("precpu_stats", precpu);
        s.put("blkio_stats", Map.of());
        s.put("networks", Map.of());
        return s;
    }

    private static Map<String, Object> cpu(ContainerRecord rec) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        int cpus = Runtime.getRuntime().availableProcessors();
        long total = rec.state().isRunning() ? new Cgroups(rec.state().pid()).number("cpuacct", "cpuacct.usage") : 0;
        cpu.put("cpu_usage", Map.of("total_usage", total, "usage_in_kernelmode", 0, "usage_in_usermode", 0));
        cpu.put("system_cpu_usage", systemCpuNanos());
        cpu.put("online_cpus", cpus);
        cpu.put("throttling_data", Map.of("periods", 0, "throttled_periods", 0, "throttled_time", 0));
        return cpu;
    }

    /** All CPU time of the machine so far, as Docker reads it from the first line of /proc/stat. */
    private static long systemCpuNanos() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).strip().split("\\s+");
            long ticks = 0;
            for (int i = 1; i < Math.min(f.length, 8); i++) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
