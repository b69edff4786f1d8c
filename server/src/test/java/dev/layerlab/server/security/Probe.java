package dev.layerlab.server.security;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attack program {@code probe.c}, compiled on the test host with gcc (static, so it runs in
 * busybox) and put into the sandbox host's filesystem at {@link #IN_HOST}, where a learner's
 * {@code docker run -v /root/probe:/probe} finds it, as it would find a program the learner wrote.
 */
final class Probe {
    static final String IN_HOST = "/root/probe";

    private Probe() {
    }

    /** Compiles the probe and puts it into the sandbox host at {@link #IN_HOST}. */
    static void install(SandboxFixture fx) throws IOException, InterruptedException {
        AttackTools.install(fx, "probe", IN_HOST, "-no-pie", "-O1");
    }

    /**
     * Runs the probe's {@code attacks} in a new busybox container of the sandbox (through the real
     * CLI, with {@code runArgs} before the image) and answers each attack's result: "ok" or an errno name.
     */
    static Map<String, String> run(SandboxFixture fx, List<String> runArgs, String... attacks) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "-v", IN_HOST + ":/probe:ro"));
        args.addAll(runArgs);
        args.add("busybox");
        args.add("/probe");
        args.addAll(List.of(attacks));
        CliResult r = fx.cli.run(args.toArray(String[]::new)).assertOk();
        Map<String, String> results = new LinkedHashMap<>();
        for (String line : r.out().lines().toList()) {
            int space = line.indexOf(' ');
            results.put(line.substring(0, space), line.substring(space + 1));
        }
        if (results.size() != attacks.length) {
            throw new AssertionError("the probe answered " + results + " to " + List.of(attacks) + "; stderr: " + r.stderr());
        }
        return results;
    }
}
