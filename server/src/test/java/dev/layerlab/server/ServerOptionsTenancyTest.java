package dev.layerlab.server;

import dev.layerlab.runtime.SpaceQuotas;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The tenancy settings: defaults, flags, LAYERLAB_* environment, and the flag winning over the environment. */
class ServerOptionsTenancyTest {
    @Test
    void defaults_bound_every_sandbox_and_every_address() {
        ServerOptions o = ServerOptions.parse(new String[0], Map.of());
        assertEquals(SpaceQuotas.SANDBOX_DEFAULTS, o.sandboxes().quotas());
        assertEquals(new SpaceQuotas(50, 100, 64, 2, Duration.ofMinutes(30)), o.sandboxes().quotas());
        assertEquals(1.5, o.sandboxes().memoryOvercommit());
        assertEquals(5, o.playground().sandboxesPerAddressPerMinute());
        assertEquals(10, o.playground().sandboxesPerAddress());
        assertFalse(o.playground().trustProxy());
    }

    @Test
    void flags_and_environment_set_them() {
        ServerOptions o = ServerOptions.parse(new String[]{"--sandbox-volumes", "7", "--sandbox-tags", "8",
                "--sandbox-execs", "9", "--sandbox-builds", "1", "--build-timeout-minutes", "3", "--memory-overcommit", "2.5",
                "--sandboxes-per-ip-per-minute", "20", "--sandboxes-per-ip", "40"}, Map.of("LAYERLAB_SANDBOX_VOLUMES", "99",
                "LAYERLAB_TRUST_PROXY", "1"));
        assertEquals(new SpaceQuotas(7, 8, 9, 1, Duration.ofMinutes(3)), o.sandboxes().quotas(), "the flag wins");
        assertEquals(2.5, o.sandboxes().memoryOvercommit());
        assertEquals(20, o.playground().sandboxesPerAddressPerMinute());
        assertEquals(40, o.playground().sandboxesPerAddress());
        assertTrue(o.playground().trustProxy());
        assertEquals(11, ServerOptions.parse(new String[0], Map.of("LAYERLAB_SANDBOX_EXECS", "11")).sandboxes().quotas().maxExecs());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(new String[]{"--sandbox-builds", "-1"}, Map.of()));
    }
}
