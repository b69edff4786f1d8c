package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.util.BitSet;

/**
 * Container addresses within one sandbox's subnet. The lowest free address is handed out first,
 * so a released address is the next one given; the network, gateway and broadcast addresses
 * never are.
 */
final class AddressAllocator {
    private final Cidr subnet;
    private final BitSet used = new BitSet();
    private final int last;

    AddressAllocator(Cidr subnet) {
        this.subnet = subnet;
        this.last = (int) (subnet.size() - 1);
        used.set(0, 2); // network address and gateway
    }

    synchronized int allocate() {
        int offset = used.nextClearBit(0);
        if (offset >= last) {
            throw new EngineException("no available IPv4 addresses in " + subnet);
        }
        used.set(offset);
        return subnet.address(offset);
    }

    /** {@code --ip}: exactly this address, if it is a host address of the subnet and free. */
    synchronized int allocate(int address) {
        if (!subnet.contains(address)) {
            throw new dev.layerlab.runtime.error.InvalidArgumentException("no configured subnet or ip-range contain the IP address "
                    + Cidr.toText(address));
        }
        int offset = address - subnet.network();
        if (offset <= 0 || offset >= last || used.get(offset)) {
            throw new dev.layerlab.runtime.error.ConflictException("Address already in use");
        }
        used.set(offset);
        return address;
    }

    /** Marks an address (a --gateway other than the first) as never handed out. */
    synchronized void exclude(int address) {
        if (subnet.contains(address)) {
            used.set(address - subnet.network());
        }
    }

    synchronized void release(int address) {
        if (!subnet.contains(address)) {
            return;
        }
        int offset = address - subnet.network();
        if (offset > 1 && offset < last) {
            used.clear(offset);
        }
    }
}
