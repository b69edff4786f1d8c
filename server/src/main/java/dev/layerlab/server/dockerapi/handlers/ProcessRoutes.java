package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker top}: as Docker does it, the host's {@code ps} output filtered to the container's
 * processes (its pids cgroup), so busybox and debian images work alike without ps inside them.
 */
final class ProcessRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    ProcessRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter r) {
        r.get("/containers/{id}/top", this::top);
        r.get("/containers/{id}/stats", new StatsHandler(ctx)::handle);
    }

    private void top(ApiExchange ex) throws IOException, InterruptedException {
        ContainerRecord rec = ctx.space().containers().inspect(ex.param("id"));
        if (!rec.state().isRunning()) {
            throw new ConflictException("Container " + rec.id() + " is not running");
        }
        Set<String> pids = new HashSet<>();
        new Cgroups(rec.state().pid()).pids().forEach(p -> pids.add(String.valueOf(p)));
        String args = ex.query().string("ps_args", "");
        List<String> argv = new ArrayList<>(List.of("ps"));
        argv.addAll(args.isBlank() ? List.of("-ef") : Arrays.asList(args.strip().split("\\s+")));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("ps " + args + " failed: " + out.strip());
        }
        String[] lines = out.split("\n");
        String[] titles = lines[0].strip().split("\\s+");
        int pidCol = Arrays.asList(titles).indexOf("PID");
        if (pidCol < 0) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("Couldn't find PID field in ps output");
        }
        List<List<String>> procs = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            // The last column (the command) keeps its spaces.
            String[] fields = lines[i].strip().split("\\s+", titles.length);
            if (fields.length == titles.length && pids.contains(fields[pidCol])) {
                procs.add(List.of(fields));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Titles", List.of(titles));
        body.put("Processes", procs);
        ex.respond(200, body);
    }
}
