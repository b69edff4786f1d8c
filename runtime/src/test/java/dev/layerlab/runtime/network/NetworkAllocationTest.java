package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/** Address arithmetic and allocation, without touching the kernel. */
class NetworkAllocationTest {

    @Test
    void cidrParsesAndRejects() {
        Cidr c = Cidr.parse("10.213.0.0/16");
        assertEquals("10.213.0.0/16", c.toString());
        assertEquals(65536, c.size());
        assertEquals("10.213.0.1", Cidr.toText(c.address(1)));
        assertTrue(c.contains(Cidr.parseAddress("10.213.255.255")));
        assertFalse(c.contains(Cidr.parseAddress("10.214.0.0")));
        assertTrue(c.overlaps(Cidr.parse("10.0.0.0/8")));
        assertFalse(c.overlaps(Cidr.parse("172.20.0.0/16")));
        for (String bad : List.of("10.213.0.1/16", "10.213.0.0", "10.213.0.0/33", "256.0.0.0/8", "a.b.c.d/8", "::/0", "1.2.3/8")) {
            assertThrows(InvalidArgumentException.class, () -> Cidr.parse(bad), bad);
        }
        assertEquals("255.255.255.255", Cidr.toText(Cidr.parseAddress("255.255.255.255")));
    }

    @Test
    void settingsRejectOverlapAndTinyRanges() {
        Cidr subnet = NetworkSettings.DEFAULT_CONTAINER_SUBNET;
        assertThrows(InvalidArgumentException.class, () -> new NetworkSettings(Cidr.parse("172.20.4.0/24"), subnet, true));
        assertThrows(InvalidArgumentException.class, () -> new NetworkSettings(Cidr.parse("10.1.1.0/31"), subnet, true));
        assertThrows(InvalidArgumentException.class, () -> new NetworkSettings(NetworkSettings.DEFAULT_UPLINK_POOL, Cidr.parse("172.20.0.0/30"), true));
        assertEquals("172.20.0.1", Cidr.toText(NetworkSettings.defaults().gateway()));
    }

    @Test
    void containerAddressesStartAfterTheGatewayAndComeBack() {
        AddressAllocator a = new AddressAllocator(Cidr.parse("172.20.0.0/29")); // hosts .1-.6, .1 the gateway
        assertEquals(List.of("172.20.0.2", "172.20.0.3", "172.20.0.4", "172.20.0.5", "172.20.0.6"),
                IntStream.range(0, 5).mapToObj(i -> Cidr.toText(a.allocate())).toList());
        assertThrows(EngineException.class, a::allocate, "the broadcast address is never handed out");
        a.release(Cidr.parseAddress("172.20.0.4"));
        a.release(Cidr.parseAddress("172.20.0.1")); // the gateway cannot be "freed"
        a.release(Cidr.parseAddress("10.0.0.4"));   // nor an address from elsewhere
        assertEquals("172.20.0.4", Cidr.toText(a.allocate()));
        assertThrows(EngineException.class, a::allocate);
    }

    @Test
    void containerAddressesAreUniqueUnderContention() throws Exception {
        AddressAllocator a = new AddressAllocator(NetworkSettings.DEFAULT_CONTAINER_SUBNET);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    assertTrue(seen.add(a.allocate()));
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4000, seen.size());
    }

    @Test
    void uplinksSkipAddressesTheHostAlreadyUses() {
        Set<Integer> hostAddresses = new HashSet<>(Set.of(Cidr.parseAddress("10.213.0.1"), Cidr.parseAddress("10.213.0.10")));
        UplinkPool pool = new UplinkPool(Cidr.parse("10.213.0.0/28"), () -> hostAddresses);
        Cidr first = pool.allocate();
        assertEquals("10.213.0.4/30", first.toString(), "10.213.0.0/30 holds a used address");
        assertEquals("10.213.0.12/30", pool.allocate().toString(), "10.213.0.8/30 too; .4 is reserved in memory");
        assertThrows(EngineException.class, pool::allocate);
        pool.release(first);
        assertEquals("10.213.0.4/30", pool.allocate().toString());
    }

    @Test
    void uplinkPoolSeesThisHostsRealAddresses() {
        assertTrue(UplinkPool.rootNamespaceAddresses().contains(Cidr.parseAddress("127.0.0.1")));
    }

    @Test
    void onlyOurNamespaceNamesHaveOwners() {
        assertEquals("abc123", StaleNetworks.ownerOf("ll-abc123"));
        assertEquals("abc123", StaleNetworks.ownerOf("llc-abc123-0123456789ab"));
        assertNull(StaleNetworks.ownerOf("llc-abc123-xyz"));
        assertNull(StaleNetworks.ownerOf("lltest-1"));
        assertNull(StaleNetworks.ownerOf("cni-1234"));
    }
}
