package dev.layerlab.server;

import dev.layerlab.runtime.SpaceQuotas;
import dev.layerlab.runtime.network.Cidr;
import dev.layerlab.runtime.registry.RegistrySettings;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.server.access.OriginPolicy;
import dev.layerlab.server.dockerapi.ApiLimits;
import dev.layerlab.server.web.PlaygroundSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server's options: command-line flags, each also settable as an environment variable
 * ({@code --warm-sandboxes 5} = {@code LAYERLAB_WARM_SANDBOXES=5}); a flag wins over the environment.
 * Sandbox limits default to {@link SandboxSettings#defaults()}, learner settings to
 * {@link PlaygroundSettings#DEFAULTS}.
 */
record ServerOptions(int port, Path dataDir, boolean skipBaseImages, SandboxSettings sandboxes, PlaygroundSettings playground,
                     List<String> allowedOrigins, HttpLimits http, ApiLimits sandboxApi, RegistrySettings registry) {

    static ServerOptions parse(String[] args) {
        return parse(args, System.getenv());
    }

    static ServerOptions parse(String[] flags, Map<String, String> env) {
        String[] args = withEnvironment(flags, env);
        int port = 8080;
        Path dataDir = Path.of("/var/lib/layerlab");
        boolean skipBase = false;
        SandboxSettings d = SandboxSettings.defaults();
        long memory = d.memoryBytes();
        long diskMb = d.diskBytes() >> 20;
        long pids = d.pidsLimit();
        int containers = d.maxContainers();
        boolean nat = d.outboundNat();
        List<Cidr> allowEgress = new ArrayList<>();
        SpaceQuotas q = d.quotas();
        int volumes = q.maxVolumes();
        int tags = q.maxTags();
        int execs = q.maxExecs();
        int builds = q.maxBuilds();
        long buildMinutes = q.buildTimeout().toMinutes();
        double overcommit = d.memoryOvercommit();
        PlaygroundSettings p = PlaygroundSettings.DEFAULTS;
        int warm = p.warmSandboxes();
        int max = p.maxSandboxes();
        long idleMinutes = p.idleTimeout().toMinutes();
        int perMinute = p.sandboxesPerAddressPerMinute();
        int perAddress = p.sandboxesPerAddress();
        boolean trustProxy = p.trustProxy();
        long openFiles = d.containerLimits().openFiles();
        long outputMb = d.containerLimits().outputBytesPerSecond() >> 20;
        List<String> origins = new ArrayList<>();
        long httpIdle = HttpLimits.DEFAULTS.idleTimeout().toSeconds();
        int perClient = HttpLimits.DEFAULTS.connectionsPerClient();
        int apiConnections = ApiLimits.DEFAULTS.maxConnections();
        long apiIdle = ApiLimits.DEFAULTS.idleTimeout().toSeconds();
        long registryNamespaceMb = RegistrySettings.DEFAULTS.maxNamespaceBytes() >> 20;
        long registryUploadMinutes = RegistrySettings.DEFAULTS.uploadTimeout().toMinutes();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warm-sandboxes" -> warm = Integer.parseInt(value(args, ++i, "--warm-sandboxes"));
                case "--max-sandboxes" -> max = Integer.parseInt(value(args, ++i, "--max-sandboxes"));
                case "--idle-minutes" -> idleMinutes = Long.parseLong(value(args, ++i, "--idle-minutes"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--skip-base-images" -> skipBase = true;
                case "--sandbox-memory-mb" -> memory = Long.parseLong(value(args, ++i, "--sandbox-memory-mb")) << 20;
                case "--sandbox-disk-mb" -> diskMb = Long.parseLong(value(args, ++i, "--sandbox-disk-mb"));
                case "--sandbox-pids" -> pids = Long.parseLong(value(args, ++i, "--sandbox-pids"));
                case "--sandbox-containers" -> containers = Integer.parseInt(value(args, ++i, "--sandbox-containers"));
                case "--no-outbound-network" -> nat = false;
                case "--allow-egress" -> allowEgress.add(egressRange(value(args, ++i, "--allow-egress")));
                case "--sandbox-volumes" -> volumes = Integer.parseInt(value(args, ++i, "--sandbox-volumes"));
                case "--sandbox-tags" -> tags = Integer.parseInt(value(args, ++i, "--sandbox-tags"));
                case "--sandbox-execs" -> execs = Integer.parseInt(value(args, ++i, "--sandbox-execs"));
                case "--sandbox-builds" -> builds = Integer.parseInt(value(args, ++i, "--sandbox-builds"));
                case "--build-timeout-minutes" -> buildMinutes = Long.parseLong(value(args, ++i, "--build-timeout-minutes"));
                case "--memory-overcommit" -> overcommit = Double.parseDouble(value(args, ++i, "--memory-overcommit"));
                case "--sandboxes-per-ip-per-minute" ->
                        perMinute = Integer.parseInt(value(args, ++i, "--sandboxes-per-ip-per-minute"));
                case "--sandboxes-per-ip" -> perAddress = Integer.parseInt(value(args, ++i, "--sandboxes-per-ip"));
                case "--trust-proxy" -> trustProxy = true;
                case "--sandbox-nofile" -> openFiles = Long.parseLong(value(args, ++i, "--sandbox-nofile"));
                case "--sandbox-output-mb-per-second" ->
                        outputMb = Long.parseLong(value(args, ++i, "--sandbox-output-mb-per-second"));
                case "--sandbox-api-connections" -> apiConnections = Integer.parseInt(value(args, ++i, "--sandbox-api-connections"));
                case "--sandbox-api-idle-seconds" -> apiIdle = Long.parseLong(value(args, ++i, "--sandbox-api-idle-seconds"));
                case "--allowed-origin" -> origins.add(origin(value(args, ++i, "--allowed-origin")));
                case "--http-idle-seconds" -> httpIdle = Long.parseLong(value(args, ++i, "--http-idle-seconds"));
                case "--connections-per-client" -> perClient = Integer.parseInt(value(args, ++i, "--connections-per-client"));
                case "--registry-namespace-mb" -> registryNamespaceMb = Long.parseLong(value(args, ++i, "--registry-namespace-mb"));
                case "--registry-upload-minutes" -> registryUploadMinutes = Long.parseLong(value(args, ++i, "--registry-upload-minutes"));
                case "--help", "-h" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + usage());
            }
        }
        Limits containerLimits = d.containerLimits().withOpenFiles(openFiles).withOutputRate(outputMb << 20);
        SandboxSettings sandboxes = new SandboxSettings(d.socketRoot(), d.dockerCli(), containerLimits,
                memory, pids, d.cpuShares(), containers, nat,
                new SpaceQuotas(volumes, tags, execs, builds, Duration.ofMinutes(buildMinutes)), overcommit, allowEgress)
                .withDiskBytes(diskMb << 20);
        return new ServerOptions(port, dataDir, skipBase, sandboxes,
                new PlaygroundSettings(warm, max, Duration.ofMinutes(idleMinutes), perMinute, perAddress, trustProxy),
                List.copyOf(origins), new HttpLimits(Duration.ofSeconds(httpIdle), perClient),
                new ApiLimits(apiConnections, Duration.ofSeconds(apiIdle), ApiLimits.DEFAULTS.reservedFileDescriptors()),
                RegistrySettings.DEFAULTS.withMaxNamespaceBytes(registryNamespaceMb << 20)
                        .withUploadTimeout(Duration.ofMinutes(registryUploadMinutes)));
    }

    private static String origin(String url) {
        OriginPolicy.normalize(url); // fails with a message naming it
        return url;
    }

    /** Environment variables become flags placed before the command line's, so the command line wins. */
    static String[] withEnvironment(String[] flags, Map<String, String> env) {
        List<String> all = new ArrayList<>();
        for (String flag : List.of("--port", "--data-dir", "--sandbox-memory-mb", "--sandbox-disk-mb", "--sandbox-pids", "--sandbox-containers",
                "--warm-sandboxes", "--max-sandboxes", "--idle-minutes", "--sandbox-volumes", "--sandbox-tags",
                "--sandbox-execs", "--sandbox-builds", "--build-timeout-minutes", "--memory-overcommit",
                "--sandboxes-per-ip-per-minute", "--sandboxes-per-ip", "--sandbox-nofile", "--sandbox-output-mb-per-second",
                "--sandbox-api-connections",
                "--sandbox-api-idle-seconds", "--http-idle-seconds", "--connections-per-client", "--registry-namespace-mb",
                "--registry-upload-minutes")) {
            String v = env.get("LAYERLAB_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            if (v != null && !v.isBlank()) {
                all.add(flag);
                all.add(v.trim());
            }
        }
        String egress = env.get("LAYERLAB_ALLOW_EGRESS");
        if (egress != null) {
            for (String range : egress.split(",")) {
                if (!range.isBlank()) {
                    all.add("--allow-egress");
                    all.add(range.trim());
                }
            }
        }
        for (String flag : List.of("--skip-base-images", "--no-outbound-network", "--trust-proxy")) {
            String v = env.get("LAYERLAB_" + flag.substring(2).replace('-', '_').toUpperCase(java.util.Locale.ROOT));
            if ("1".equals(v) || "true".equalsIgnoreCase(v)) {
                all.add(flag);
            }
        }
        String origins = env.get("LAYERLAB_ALLOWED_ORIGINS");
        if (origins != null) {
            for (String origin : origins.split(",")) {
                if (!origin.isBlank()) {
                    all.add("--allowed-origin");
                    all.add(origin.trim());
                }
            }
        }
        all.addAll(List.of(flags));
        return all.toArray(String[]::new);
    }

    /** An IPv4 CIDR range, or one address (= its /32). */
    private static Cidr egressRange(String text) {
        try {
            return Cidr.parse(text.contains("/") ? text : text + "/32");
        } catch (dev.layerlab.runtime.error.InvalidArgumentException e) {
            throw new IllegalArgumentException("--allow-egress " + text + ": " + e.getMessage() + "\n" + usage());
        }
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
                  --sandbox-disk-mb N       disk quota of one sandbox: what its containers, volumes, logs, builds and
                                            own images take together (default 5120)
                  --sandbox-pids N          processes of one sandbox together (default 1024)
                  --sandbox-containers N    containers one sandbox may have (default 30)
                  --no-outbound-network     sandboxes cannot reach the internet
                  --allow-egress CIDR       sandboxes may also reach this private or LAN range (repeatable;
                                            LAYERLAB_ALLOW_EGRESS=a/n,b/m); closed by default
                  --sandbox-volumes N       volumes one sandbox may have (default 50)
                  --sandbox-tags N          image tags one sandbox may have (default 100)
                  --sandbox-execs N         execs one sandbox may have running or created, not started (default 64)
                  --sandbox-builds N        builds one sandbox may run at once (default 2)
                  --build-timeout-minutes N a build running longer is stopped (default 30)
                  --memory-overcommit F     sandboxes' memory limits together <= physical memory x F (default 1.5)
                  --sandboxes-per-ip-per-minute N  new sandboxes one client address may get a minute (default 5)
                  --sandboxes-per-ip N      sandboxes one client address may have at once (default 10)
                  --trust-proxy             the client address is the last of X-Forwarded-For (behind a proxy)
                  --warm-sandboxes N        sandboxes kept ready for new learners (default 2)
                  --max-sandboxes N         sandboxes at most, in use and ready (default 50)
                  --idle-minutes N          an unused sandbox is removed after N minutes (default 30)
                  --sandbox-nofile N        open-files limit of every process in a sandbox (default 1024)
                  --sandbox-output-mb-per-second N  how fast a sandbox's output (logs, terminals) is copied (default 2; 0: no bound)
                  --sandbox-api-connections N   connections one sandbox's Docker API takes at once (default 64)
                  --sandbox-api-idle-seconds N  a Docker API connection waiting for a request is closed after N s (default 60)
                  --allowed-origin URL      pages of this origin may also POST and open terminals (behind a proxy;
                                            repeatable; LAYERLAB_ALLOWED_ORIGINS=url1,url2)
                  --http-idle-seconds N     an HTTP connection with no traffic is closed after N s (default 30)
                  --connections-per-client N  HTTP connections one client address may hold (default 512)
                  --registry-namespace-mb N the built-in registry: bytes of blobs one learner's repositories hold together (default 5120)
                  --registry-upload-minutes N  a registry upload without a byte for N minutes is dropped (default 10)
                Every option can also be set in the environment: --idle-minutes 45 = LAYERLAB_IDLE_MINUTES=45.""";
    }
}
