package dev.layerlab.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The tenancy options: flags, their environment forms, defaults, and a bad origin named. */
class ServerOptionsTest {
    @Test
    void tenancy_limits_and_origins_come_from_flags_and_the_environment() {
        ServerOptions o = ServerOptions.parse(new String[]{"--allowed-origin", "https://b.example", "--sandbox-api-connections", "10"},
                Map.of("LAYERLAB_ALLOWED_ORIGINS", "https://a.example, http://c.example:8080", "LAYERLAB_SANDBOX_NOFILE", "512",
                        "LAYERLAB_SANDBOX_API_CONNECTIONS", "99", "LAYERLAB_HTTP_IDLE_SECONDS", "5"));
        assertEquals(List.of("https://a.example", "http://c.example:8080", "https://b.example"), o.allowedOrigins());
        assertEquals(512, o.sandboxes().containerLimits().openFiles());
        assertEquals(10, o.sandboxApi().maxConnections(), "the flag wins over the environment");
        assertEquals(5, o.http().idleTimeout().toSeconds());
        assertEquals(HttpLimits.DEFAULTS.connectionsPerClient(), o.http().connectionsPerClient());
    }

    @Test
    void defaults_keep_sandboxes_below_the_server() {
        ServerOptions o = ServerOptions.parse(new String[0], Map.of());
        assertEquals(1024, o.sandboxes().containerLimits().openFiles());
        assertEquals(64, o.sandboxApi().maxConnections());
        assertEquals(60, o.sandboxApi().idleTimeout().toSeconds());
        assertEquals(List.of(), o.allowedOrigins());
    }

    @Test
    void an_allowed_origin_must_be_an_origin() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse(new String[]{"--allowed-origin", "https://a.example/path"}, Map.of()));
        assertTrue(e.getMessage().contains("https://a.example/path"), e.getMessage());
    }

    @Test
    void registry_bounds_come_from_flags_and_the_environment() {
        ServerOptions o = ServerOptions.parse(new String[]{"--registry-namespace-mb", "100"}, Map.of("LAYERLAB_REGISTRY_UPLOAD_MINUTES", "3"));
        assertEquals(100L << 20, o.registry().maxNamespaceBytes());
        assertEquals(java.time.Duration.ofMinutes(3), o.registry().uploadTimeout());
        assertEquals(dev.layerlab.runtime.registry.RegistrySettings.DEFAULTS.maxManifestBytes(), o.registry().maxManifestBytes());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(new String[]{"--registry-upload-minutes", "0"}, Map.of()));
    }
}
