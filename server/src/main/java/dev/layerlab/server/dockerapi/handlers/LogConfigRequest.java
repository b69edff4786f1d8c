package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.container.LogConfig;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --log-driver} and {@code --log-opt} checked as dockerd 20.10 checks them at create: {@code json-file},
 * {@code local} and {@code none} work; Docker's other drivers are refused (they send logs to services the
 * sandbox has not got); any other name is Docker's "no log driver named" error; options are the driver's
 * own, and {@code max-size}/{@code max-file} are parsed here and bounded by the engine
 * ({@code ContainerStore}: never above the space's own log limit).
 */
final class LogConfigRequest {
    private static final Set<String> DOCKERS_OTHER_DRIVERS = Set.of("syslog", "journald", "gelf", "fluentd",
            "awslogs", "splunk", "etwlogs", "gcplogs", "logentries");
    private static final Set<String> JSON_FILE_OPTS = Set.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");
    private static final Set<String> LOCAL_OPTS = Set.of("max-file", "max-size", "compress");
    private static final int MAX_OPTS = 16;

    private LogConfigRequest() {
    }

    static LogConfig parse(JsonNode node) {
        String driver = node.path("Type").asText("");
        Map<String, String> opts = CreateRequest.stringMap(node.path("Config"));
        if (driver.isEmpty()) {
            driver = "json-file";
        }
        if (opts.size() > MAX_OPTS) {
            throw new InvalidArgumentException("at most " + MAX_OPTS + " --log-opt options per container in this playground");
        }
        if (driver.equals("none")) {
            return new LogConfig(driver, opts, 0, 0);
        }
        String mode = opts.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw new InvalidArgumentException("logger: logging mode not supported: " + mode);
        }
        if (DOCKERS_OTHER_DRIVERS.contains(driver)) {
            throw new InvalidArgumentException("--log-driver " + driver + " is not available in this playground:"
                    + " containers log with json-file, local or none");
        }
        if (!driver.equals("json-file") && !driver.equals("local")) {
            throw new InvalidArgumentException("logger: no log driver named '" + driver + "' is registered");
        }
        Set<String> allowed = driver.equals("local") ? LOCAL_OPTS : JSON_FILE_OPTS;
        for (String key : opts.keySet()) {
            if (key.equals("mode") || key.equals("max-buffer-size")) {
                continue;
            }
            if (!allowed.contains(key)) {
                throw new InvalidArgumentException(driver.equals("local")
                        ? "unknown log opt '" + key + "' for log driver local"
                        : "unknown log opt '" + key + "' for json-file log driver");
            }
        }
        long maxBytes = opts.containsKey("max-size") ? size(opts.get("max-size")) : 0;
        int maxFiles = 1;
        if (opts.containsKey("max-file")) {
            try {
                maxFiles = Integer.parseInt(opts.get("max-file"));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("failed to initialize logging driver: strconv.Atoi: parsing \""
                        + opts.get("max-file") + "\": invalid syntax");
            }
            if (maxFiles < 1) {
                throw new InvalidArgumentException("failed to initialize logging driver: max-file cannot be less than 1");
            }
            if (maxBytes == 0 && driver.equals("json-file")) {
                throw new InvalidArgumentException("failed to initialize logging driver: max-file cannot be set"
                        + " when max-size is not set");
            }
        }
        if (driver.equals("local") && maxBytes == 0) {
            maxBytes = 20L << 20; // local's defaults: 20 MB a file, 5 files
            maxFiles = opts.containsKey("max-file") ? maxFiles : 5;
        }
        return new LogConfig(driver, opts, maxBytes, maxFiles);
    }

    /** A {@code max-size} as Docker's units.RAMInBytes reads it: a number with an optional k, m, g (and b). */
    private static long size(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp]?)(i?b)?").matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidArgumentException("failed to initialize logging driver: invalid size: '" + text + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        double bytes = Double.parseDouble(m.group(1)) * (1L << shift);
        if (bytes < 1 || bytes > (double) (1L << 50)) {
            throw new InvalidArgumentException("failed to initialize logging driver: invalid size: '" + text + "'");
        }
        return (long) bytes;
    }
}
