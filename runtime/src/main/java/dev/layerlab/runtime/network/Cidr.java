package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * An IPv4 prefix such as {@code 10.213.0.0/16}. Addresses are plain ints (unsigned in meaning):
 * parsing is done by hand so that no text ever reaches a resolver.
 */
public record Cidr(int network, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new InvalidArgumentException("invalid prefix length /" + prefixLength);
        }
        if ((network & ~mask(prefixLength)) != 0) {
            throw new InvalidArgumentException(toText(network) + "/" + prefixLength + " has host bits set");
        }
    }

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidArgumentException("not a CIDR prefix (a.b.c.d/n): " + text);
        }
        try {
            return new Cidr(parseAddress(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("not a CIDR prefix (a.b.c.d/n): " + text);
        }
    }

    /** Dotted-quad text to int; rejects anything else (names, IPv6, leading junk). */
    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidArgumentException("not an IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new InvalidArgumentException("not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new InvalidArgumentException("not an IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String toText(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return ((network ^ other.network) & mask(shorter)) == 0;
    }

    /** The address {@code offset} places after the network address. */
    public int address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return network + (int) offset;
    }

    @Override
    public String toString() {
        return toText(network) + "/" + prefixLength;
    }
}
