package dev.layerlab.server.dockerapi.handlers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Docker writes them: Go's RFC3339Nano (trailing zeros dropped), zero time for "never". */
public final class DockerTime {
    public static final String ZERO = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private DockerTime() {
    }

    public static String rfc3339Nano(Instant t) {
        if (t == null) {
            return ZERO;
        }
        String base = SECONDS.format(t);
        int nanos = t.getNano();
        if (nanos == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", nanos).replaceAll("0+$", "");
        return base + "." + frac + "Z";
    }

    public static long unixSeconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }
}
