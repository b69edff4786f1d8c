package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.Status;
import dev.layerlab.server.dockerapi.ApiException;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;
import dev.layerlab.server.dockerapi.SystemHandlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker info}: the sandbox described as a Docker host, and plain words for login. */
final class InfoRoutes implements ApiRoutes {
    /** The sandbox's host name, as learners see it in their prompt. */
    static final String HOST_NAME = "lab";

    private final SandboxContext ctx;

    InfoRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/info", this::info);
        router.post("/auth", this::login);
    }

    /**
     * {@code docker login}: Docker Hub's address (the CLI's default) is the playground's registry, and the
     * credentials are the learner's registry name and the login token the page shows. Other registries are
     * not reachable from here yet.
     */
    private void login(ApiExchange ex) throws IOException {
        com.fasterxml.jackson.databind.JsonNode body = ex.json();
        String server = body.path("serveraddress").asText("");
        if (!PlaygroundRegistry.isHub(server)) {
            throw new ApiException(501, "logging in to " + server + " is not available in this playground yet; "
                    + "docker login (Docker Hub's address) logs in to the playground's own registry");
        }
        boolean ok = ctx.registryAccounts().authenticate(body.path("username").asText(""), body.path("password").asText(""))
                .isPresent();
        if (!ok) {
            throw new ApiException(401, "Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password");
        }
        ex.respond(200, Map.of("Status", "Login Succeeded", "IdentityToken", ""));
    }

    private void info(ApiExchange ex) throws IOException {
        List<ContainerRecord> containers = ctx.space().containers().list();
        Map<String, Object> m = new LinkedHashMap<>();
        // Stable per sandbox, shaped like Docker's engine ID.
        m.put("ID", ctx.sandbox().id());
        m.put("Containers", containers.size());
        m.put("ContainersRunning", count(containers, Status.RUNNING));
        m.put("ContainersPaused", count(containers, Status.PAUSED));
        m.put("ContainersStopped", containers.size() - count(containers, Status.RUNNING) - count(containers, Status.PAUSED));
        m.put("Images", ctx.space().images().list().size());
        m.put("Driver", "overlay2");
        var quota = ctx.space().diskQuota();
        m.put("DriverStatus", List.of(List.of("Backing Filesystem", "extfs"), List.of("Supports d_type", "true"),
                List.of("Native Overlay Diff", "true"),
                // docker info shows these under "Storage Driver": the sandbox's disk against its quota.
                List.of("Sandbox disk quota", (quota.quotaBytes() >> 20) + " MB"),
                List.of("Sandbox disk used", (quota.usedBytes() >> 20) + " MB")));
        m.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge"),
                "Authorization", List.of(), "Log", List.of("json-file")));
        m.put("MemoryLimit", true);
        m.put("SwapLimit", false);
        m.put("CpuCfsPeriod", true);
        m.put("CpuCfsQuota", true);
        m.put("CPUShares", true);
        m.put("PidsLimit", true);
        m.put("IPv4Forwarding", true);
        m.put("Debug", false);
        m.put("NFd", 0);
        m.put("NGoroutines", 0);
        m.put("SystemTime", DockerTime.rfc3339Nano(java.time.Instant.now()));
        m.put("LoggingDriver", "json-file");
        m.put("CgroupDriver", "cgroupfs");
        m.put("CgroupVersion", Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
        m.put("NEventsListener", 0);
        m.put("KernelVersion", SystemHandlers.kernelVersion());
        m.put("OperatingSystem", "layerlab (Debian sandbox)");
        m.put("OSVersion", "12");
        m.put("OSType", "linux");
        m.put("Architecture", SystemHandlers.arch());
        m.put("IndexServerAddress", "https://index.docker.io/v1/");
        m.put("RegistryConfig", Map.of("AllowNondistributableArtifactsCIDRs", List.of(),
                "AllowNondistributableArtifactsHostnames", List.of(), "InsecureRegistryCIDRs", List.of("127.0.0.0/8"),
                "IndexConfigs", Map.of(), "Mirrors", List.of()));
        m.put("NCPU", Runtime.getRuntime().availableProcessors());
        m.put("MemTotal", memTotal());
        m.put("DockerRootDir", "/var/lib/docker");
        m.put("Name", HOST_NAME);
        m.put("Labels", List.of());
        m.put("ExperimentalBuild", false);
        m.put("ServerVersion", SystemHandlers.ENGINE_VERSION);
        m.put("Runtimes", Map.of("runc", Map.of("path", "runc")));
        m.put("DefaultRuntime", "runc");
        m.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
                "Error", "", "RemoteManagers", List.of()));
        m.put("LiveRestoreEnabled", false);
        m.put("Isolation", "");
        m.put("InitBinary", "");
        m.put("ContainerdCommit", Map.of("ID", "", "Expected", ""));
        m.put("RuncCommit", Map.of("ID", "", "Expected", ""));
        m.put("InitCommit", Map.of("ID", "", "Expected", ""));
        m.put("SecurityOptions", List.of("name=seccomp,profile=default"));
        m.put("Warnings", List.of());
        ex.respond(200, m);
    }

    private static int count(List<ContainerRecord> containers, Status status) {
        return (int) containers.stream().filter(c -> c.state().status() == status).count();
    }

    /** The sandbox's memory budget is what its containers can have; else the machine's. */
    private long memTotal() {
        long sandbox = ctx.sandboxes().settings().memoryBytes();
        if (sandbox > 0) {
            return sandbox;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }
}
