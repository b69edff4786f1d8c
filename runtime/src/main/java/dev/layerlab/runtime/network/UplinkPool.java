package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Hands out the /30 uplink networks of sandboxes from the pool. The kernel is the record of what
 * is taken: any IPv4 address on a root-namespace interface counts as used, so after an engine
 * restart the uplinks of surviving sandboxes are skipped with no state file to keep in sync.
 * Networks handed out but not yet configured (or still in use) are held in memory.
 */
final class UplinkPool {
    private final Cidr pool;
    private final Supplier<Set<Integer>> addressesInUse;
    private final Set<Integer> reserved = new HashSet<>();

    UplinkPool(Cidr pool) {
        this(pool, UplinkPool::rootNamespaceAddresses);
    }

    /** {@code addressesInUse} is asked on every allocation (tests substitute the host's view). */
    UplinkPool(Cidr pool, Supplier<Set<Integer>> addressesInUse) {
        this.pool = pool;
        this.addressesInUse = addressesInUse;
    }

    /** The lowest free /30: .1 is the root side, .2 the sandbox side. */
    synchronized Cidr allocate() {
        Set<Integer> used = addressesInUse.get();
        for (long offset = 0; offset + 4 <= pool.size(); offset += 4) {
            int network = pool.address(offset);
            if (!reserved.contains(network) && !anyUsed(used, network)) {
                reserved.add(network);
                return new Cidr(network, 30);
            }
        }
        throw new EngineException("uplink pool " + pool + " is exhausted: no free /30 for another sandbox");
    }

    synchronized void release(Cidr uplink) {
        reserved.remove(uplink.network());
    }

    private static boolean anyUsed(Set<Integer> used, int network) {
        for (int i = 0; i < 4; i++) {
            if (used.contains(network + i)) {
                return true;
            }
        }
        return false;
    }

    /** In-process and cheap (no ip process); valid because callers run on root-namespace threads. */
    static Set<Integer> rootNamespaceAddresses() {
        try {
            Set<Integer> result = new HashSet<>();
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().collect(Collectors.toList())) {
                nic.inetAddresses()
                        .filter(a -> a instanceof Inet4Address)
                        .forEach(a -> result.add(Cidr.parseAddress(a.getHostAddress())));
            }
            return result;
        } catch (SocketException e) {
            throw new EngineException("cannot list the host's addresses: " + e.getMessage(), e);
        }
    }
}
