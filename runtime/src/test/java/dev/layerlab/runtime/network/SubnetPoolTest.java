package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which subnets user networks get and may ask for; names, ids and limits as Docker resolves them. */
class SubnetPoolTest {
    private final SubnetPool pool = new SubnetPool(List.of(NetworkSettings.DEFAULT_CONTAINER_SUBNET,
            NetworkSettings.DEFAULT_UPLINK_POOL));

    private Networks networks() {
        return new Networks("sbx1", NetworkSettings.DEFAULT_CONTAINER_SUBNET,
                NetworkSettings.DEFAULT_CONTAINER_SUBNET.address(1), List.of(NetworkSettings.DEFAULT_UPLINK_POOL));
    }

    @Test
    void defaultPoolGoesInDockersOrderSkippingTheDefaultBridgeAndWhatIsTaken() {
        assertEquals("172.18.0.0/16", pool.next(List.of()).toString());
        assertEquals("172.19.0.0/16", pool.next(List.of(Cidr.parse("172.18.0.0/16"))).toString());
        assertEquals("172.21.0.0/16", pool.next(List.of(Cidr.parse("172.18.0.0/16"), Cidr.parse("172.19.0.0/16"))).toString(),
                "172.20.0.0/16 is the sandbox's default bridge");
        assertEquals("172.19.0.0/16", pool.next(List.of(Cidr.parse("172.18.5.0/24"))).toString(), "overlap, not equality, counts");
    }

    @Test
    void askedSubnetsStayPrivateAndNeverOverlap() {
        assertEquals("10.10.0.0/24", pool.check("10.10.0.0/24", List.of()).toString());
        assertEquals("192.168.7.0/24", pool.check("192.168.7.0/24", List.of()).toString());
        assertThrows(InvalidArgumentException.class, () -> pool.check("8.8.8.0/24", List.of()), "public");
        assertThrows(InvalidArgumentException.class, () -> pool.check("10.0.0.0/7", List.of()), "wider than a private range");
        assertThrows(InvalidArgumentException.class, () -> pool.check("10.1.0.0/30", List.of()), "too small");
        assertThrows(InvalidArgumentException.class, () -> pool.check("10.1.0.1/24", List.of()), "host bits");
        ConflictException bridge = assertThrows(ConflictException.class, () -> pool.check("172.20.5.0/24", List.of()));
        assertEquals("Pool overlaps with other one on this address space", bridge.getMessage());
        assertThrows(ConflictException.class, () -> pool.check("10.213.8.0/24", List.of()), "the uplink pool");
        assertThrows(ConflictException.class, () -> pool.check("10.1.0.0/16", List.of(Cidr.parse("10.1.2.0/24"))));
    }

    @Test
    void gatewayMustBeAHostOfTheSubnet() {
        Cidr c = Cidr.parse("10.9.0.0/24");
        assertEquals(c.address(1), SubnetPool.gateway(c, ""));
        assertEquals(c.address(254), SubnetPool.gateway(c, "10.9.0.254"));
        assertEquals("no matching subnet for gateway 10.8.0.1",
                assertThrows(InvalidArgumentException.class, () -> SubnetPool.gateway(c, "10.8.0.1")).getMessage());
        assertThrows(InvalidArgumentException.class, () -> SubnetPool.gateway(c, "10.9.0.255"));
    }

    @Test
    void namesIdsAndPrefixesResolveAsDockerResolvesThem() {
        Networks n = networks();
        BridgeNetwork a = n.add("front", "", "", Map.of());
        assertEquals("172.18.0.0/16", a.subnet().toString());
        assertEquals("172.18.0.1", a.gateway());
        assertSame(a, n.get("front"));
        assertSame(a, n.get(a.id()));
        assertSame(a, n.get(a.id().substring(0, 5)));
        assertSame(n.defaultBridge(), n.get("bridge"));
        assertEquals("host", n.predefinedName("host").orElseThrow());
        assertEquals("none", n.predefinedName(n.noneId()).orElseThrow());
        assertEquals("network nope not found",
                assertThrows(dev.layerlab.runtime.error.NotFoundException.class, () -> n.get("nope")).getMessage());
        assertEquals("network with name front already exists",
                assertThrows(ConflictException.class, () -> n.add("front", "", "", Map.of())).getMessage());
        assertThrows(ConflictException.class, () -> n.add("none", "", "", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> n.add("bad name", "", "", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> n.add("gw", "", "10.0.0.1", Map.of()), "gateway without subnet");
    }

    @Test
    void atMostTenUserNetworksAndTheirIdsDifferBetweenSandboxes() {
        Networks n = networks();
        for (int i = 0; i < Networks.MAX_USER_NETWORKS; i++) {
            n.add("n" + i, "", "", Map.of());
        }
        ConflictException full = assertThrows(ConflictException.class, () -> n.add("one-more", "", "", Map.of()));
        assertTrue(full.getMessage().startsWith("this sandbox already has 10 networks, its limit"), full.getMessage());
        Networks other = new Networks("sbx2", NetworkSettings.DEFAULT_CONTAINER_SUBNET,
                NetworkSettings.DEFAULT_CONTAINER_SUBNET.address(1), List.of());
        assertNotEquals(n.defaultBridge().id(), other.defaultBridge().id());
        assertTrue(other.find("n0").isEmpty(), "another sandbox's names are not here");
        assertTrue(other.find(n.get("n0").id()).isEmpty(), "nor its ids");
    }

    @Test
    void askedAddressesAreCheckedAndTaken() {
        AddressAllocator a = new AddressAllocator(Cidr.parse("10.5.0.0/24"));
        assertEquals(Cidr.parseAddress("10.5.0.9"), a.allocate(Cidr.parseAddress("10.5.0.9")));
        assertEquals("Address already in use",
                assertThrows(ConflictException.class, () -> a.allocate(Cidr.parseAddress("10.5.0.9"))).getMessage());
        assertThrows(ConflictException.class, () -> a.allocate(Cidr.parseAddress("10.5.0.1")), "the gateway");
        assertThrows(InvalidArgumentException.class, () -> a.allocate(Cidr.parseAddress("10.6.0.9")));
    }
}
