package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.List;

/**
 * Which subnets a sandbox's user networks may have. Without {@code --subnet}: Docker's default pool
 * order (172.18.0.0/16, 172.19.0.0/16, ... 172.31.0.0/16, then 192.168.0.0/20, 192.168.16.0/20, ...),
 * skipping what is taken. With it: only inside the private ranges (10/8, 172.16/12, 192.168/16), never
 * overlapping the default bridge, the uplink pool or another network of the sandbox (Docker's words:
 * "Pool overlaps with other one on this address space"). Pure logic.
 */
final class SubnetPool {
    static final List<Cidr> PRIVATE = List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.168.0.0/16"));
    /** The smallest subnet a network may have: network, gateway, broadcast and a few containers. */
    static final int LONGEST_PREFIX = 29;

    private final List<Cidr> reserved;

    /** {@code reserved}: what no user network may overlap (the default bridge's subnet, the uplink pool). */
    SubnetPool(List<Cidr> reserved) {
        this.reserved = List.copyOf(reserved);
    }

    /** The first default-pool subnet overlapping nothing in {@code taken} nor the reserved ranges. */
    Cidr next(List<Cidr> taken) {
        for (int second = 18; second <= 31; second++) {
            Cidr c = new Cidr((172 << 24) | (second << 16), 16);
            if (free(c, taken)) {
                return c;
            }
        }
        for (int third = 0; third < 256; third += 16) {
            Cidr c = new Cidr((192 << 24) | (168 << 16) | (third << 8), 20);
            if (free(c, taken)) {
                return c;
            }
        }
        throw new ConflictException("could not find an available, non-overlapping IPv4 address pool among the defaults"
                + " to assign to the network");
    }

    /** Checks a {@code --subnet} the learner asked for. */
    Cidr check(String text, List<Cidr> taken) {
        Cidr c;
        try {
            c = Cidr.parse(text);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid CIDR address: " + text);
        }
        if (c.prefixLength() > LONGEST_PREFIX) {
            throw new InvalidArgumentException("subnet " + c + " is too small: this playground needs at least a /"
                    + LONGEST_PREFIX);
        }
        if (PRIVATE.stream().noneMatch(p -> p.prefixLength() <= c.prefixLength() && p.overlaps(c))) {
            throw new InvalidArgumentException("subnet " + c + " is not a private range: networks in this playground"
                    + " use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
        if (!free(c, taken)) {
            throw new ConflictException("Pool overlaps with other one on this address space");
        }
        return c;
    }

    /** A {@code --gateway} inside {@code subnet}; empty: its first address. */
    static int gateway(Cidr subnet, String text) {
        if (text == null || text.isEmpty()) {
            return subnet.address(1);
        }
        int g;
        try {
            g = Cidr.parseAddress(text);
        } catch (InvalidArgumentException e) {
            throw new InvalidArgumentException("invalid gateway address " + text);
        }
        if (!subnet.contains(g) || g == subnet.network() || g == subnet.address(subnet.size() - 1)) {
            throw new InvalidArgumentException("no matching subnet for gateway " + text);
        }
        return g;
    }

    private boolean free(Cidr c, List<Cidr> taken) {
        return reserved.stream().noneMatch(c::overlaps) && taken.stream().noneMatch(c::overlaps);
    }
}
