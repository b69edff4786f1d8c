package dev.layerlab.server;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code --sandbox-disk-mb}: its default, the flag, LAYERLAB_SANDBOX_DISK_MB, the flag winning, a clear refusal. */
class ServerOptionsDiskTest {
    @Test
    void the_disk_quota_defaults_to_5120_mb_and_is_set_by_flag_or_environment() {
        assertEquals(5120L << 20, ServerOptions.parse(new String[0], Map.of()).sandboxes().diskBytes());
        assertEquals(700L << 20, ServerOptions.parse(new String[0], Map.of("LAYERLAB_SANDBOX_DISK_MB", "700"))
                .sandboxes().diskBytes());
        assertEquals(900L << 20, ServerOptions.parse(new String[]{"--sandbox-disk-mb", "900"},
                Map.of("LAYERLAB_SANDBOX_DISK_MB", "700")).sandboxes().diskBytes(), "the flag wins");
        assertTrue(ServerOptions.usage().contains("--sandbox-disk-mb"));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse(new String[]{"--sandbox-disk-mb", "8"}, Map.of()));
        assertEquals("a sandbox's disk must be at least 32 MB, not 8 MB", tooSmall.getMessage());
    }
}
