package dev.layerlab.server;

import dev.layerlab.runtime.sandbox.SandboxSettings;

import java.nio.file.Path;

/**
 * Command-line options of the server. Sandbox limits default to {@link SandboxSettings#defaults()}.
 */
record ServerOptions(int port, Path dataDir, boolean skipBaseImages, SandboxSettings sandboxes) {

    static ServerOptions parse(String[] args) {
        int port = 8080;
        Path dataDir = Path.of("/var/lib/layerlab");
        boolean skipBase = false;
        SandboxSettings d = SandboxSettings.defaults();
        long memory = d.memoryBytes();
        long pids = d.pidsLimit();
        int containers = d.maxContainers();
        boolean nat = d.outboundNat();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--skip-base-images" -> skipBase = true;
                case "--sandbox-memory-mb" -> memory = Long.parseLong(value(args, ++i, "--sandbox-memory-mb")) << 20;
                case "--sandbox-pids" -> pids = Long.parseLong(value(args, ++i, "--sandbox-pids"));
                case "--sandbox-containers" -> containers = Integer.parseInt(value(args, ++i, "--sandbox-containers"));
                case "--no-outbound-network" -> nat = false;
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            }
        }
        SandboxSettings sandboxes = new SandboxSettings(d.socketRoot(), d.dockerCli(), d.containerLimits(), memory, pids,
                d.cpuShares(), containers, nat);
        return new ServerOptions(port, dataDir, skipBase, sandboxes);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: java -jar layerlab.jar [options]
                  --port P                  HTTP port (default 8080)
                  --data-dir D              engine data (default /var/lib/layerlab)
                  --skip-base-images        do not build busybox, debian and the sandbox image at start
                  --sandbox-memory-mb N     memory of one sandbox, all its containers together (default 2048)
                  --sandbox-pids N          processes of one sandbox together (default 1024)
                  --sandbox-containers N    containers one sandbox may have (default 30)
                  --no-outbound-network     sandboxes cannot reach the internet""";
    }
}
