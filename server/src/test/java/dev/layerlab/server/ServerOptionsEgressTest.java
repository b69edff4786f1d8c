package dev.layerlab.server;

import dev.layerlab.runtime.network.Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ServerOptionsEgressTest {
    @Test
    void allow_egress_is_repeatable_and_comes_from_the_environment_too() {
        ServerOptions o = ServerOptions.parse(new String[]{"--allow-egress", "192.168.1.0/24", "--allow-egress", "10.0.0.5"},
                Map.of("LAYERLAB_ALLOW_EGRESS", "172.16.3.0/24, 100.64.0.1"));
        assertEquals(List.of(Cidr.parse("172.16.3.0/24"), Cidr.parse("100.64.0.1/32"), Cidr.parse("192.168.1.0/24"),
                Cidr.parse("10.0.0.5/32")), o.sandboxes().allowEgress());
        assertEquals(List.of(), ServerOptions.parse(new String[0], Map.of()).sandboxes().allowEgress());
    }

    @Test
    void a_bad_range_is_a_clear_error() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ServerOptions.parse(new String[]{"--allow-egress", "10.0.0.1/24"}, Map.of()));
        assertTrue(e.getMessage().startsWith("--allow-egress 10.0.0.1/24: 10.0.0.1/24 has host bits set"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(new String[]{"--allow-egress", "lan.example"}, Map.of()));
    }
}
