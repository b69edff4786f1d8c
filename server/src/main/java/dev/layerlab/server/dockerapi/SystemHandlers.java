package dev.layerlab.server.dockerapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /_ping} and {@code /version}: what every client calls first to negotiate the API version. */
public final class SystemHandlers implements ApiRoutes {
    /** Looks like a Docker release so tools that parse it keep working, and says what it really is. */
    public static final String ENGINE_VERSION = "20.10.24-layerlab";

    private final ApiVersion minVersion;
    private final ApiVersion maxVersion;
    private final String kernelVersion = kernelVersion();
    private final String buildTime = buildTime();

    SystemHandlers(ApiVersion minVersion, ApiVersion maxVersion) {
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
    }

    @Override
    public void register(ApiRouter router) {
        router.head("/_ping", this::ping);
        router.get("/_ping", this::ping);
        router.get("/version", this::version);
    }

    /** The CLI reads the negotiated version and the builder choice from these headers, not the body. */
    private void ping(ApiExchange ex) throws IOException {
        ex.header("Docker-Experimental", "false")
                .header("Builder-Version", "1")
                .header("Swarm", "inactive")
                .header("Cache-Control", "no-cache, no-store, must-revalidate")
                .header("Pragma", "no-cache");
        byte[] body = ex.method().equals("HEAD") ? new byte[0] : "OK".getBytes(StandardCharsets.US_ASCII);
        ex.respond(200, ContentTypes.TEXT, body);
    }

    private void version(ApiExchange ex) throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", maxVersion.toString());
        details.put("Arch", arch());
        details.put("BuildTime", buildTime);
        details.put("Experimental", "false");
        details.put("GitCommit", "layerlab");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", kernelVersion);
        details.put("MinAPIVersion", minVersion.toString());
        details.put("Os", "linux");

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "layerlab"));
        v.put("Components", List.of(Map.of("Name", "Engine", "Version", ENGINE_VERSION, "Details", details)));
        v.put("Version", ENGINE_VERSION);
        v.putAll(details);
        v.remove("Experimental");
        ex.respond(200, v);
    }

    /** Go's GOARCH names, which clients compare against image platforms. */
    public static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> a;
        };
    }

    public static String kernelVersion() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /** When our classes were built (jar or class directory), as Docker reports its build time. */
    private static String buildTime() {
        try {
            Path code = Path.of(SystemHandlers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Instant.ofEpochMilli(Files.getLastModifiedTime(code).toMillis()).toString();
        } catch (Exception e) {
            return "";
        }
    }
}
