package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.volume.Volume;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** A volume as the Engine API shows it; the mountpoint is Docker's, never the engine's real path. */
final class VolumeJson {
    /** Docker writes CreatedAt in the daemon's zone with an offset and whole seconds. */
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private VolumeJson() {
    }

    static Map<String, Object> of(Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreatedAt", v.created() == null ? "" : CREATED.format(v.created().truncatedTo(ChronoUnit.SECONDS)
                .atZone(ZoneId.systemDefault())));
        m.put("Driver", "local");
        m.put("Labels", v.labels() == null ? Map.of() : v.labels());
        m.put("Mountpoint", "/var/lib/docker/volumes/" + v.name() + "/_data");
        m.put("Name", v.name());
        m.put("Options", null);
        m.put("Scope", "local");
        return m;
    }
}
