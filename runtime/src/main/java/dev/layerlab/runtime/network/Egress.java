package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where sandboxes may go beyond their own network: the public internet, and nothing of the host's
 * world. Blocked are the ranges that are never the public internet (private, shared CGNAT,
 * link-local with the cloud's metadata service, loopback, multicast, reserved) and every network the
 * host itself is on, whatever its range (a LAN of public addresses too). Two exceptions: the name
 * servers of the host's resolv.conf on port 53 (sandboxes' containers use them, and on cloud VMs
 * they are private addresses), and the operator's {@code --allow-egress} ranges. The host's own
 * addresses are not here: traffic to them is the input chain's, which drops it.
 *
 * @param blocked    destinations dropped, none inside another
 * @param allowed    the operator's ranges, accepted before {@code blocked} is consulted
 * @param dnsServers IPv4 name servers reachable on port 53 (TCP and UDP)
 */
record Egress(List<Cidr> blocked, List<Cidr> allowed, List<Integer> dnsServers) {
    /** IPv4 ranges that are never the public internet (RFC 6890's special-purpose registry, in short). */
    static final List<Cidr> NOT_PUBLIC = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"));
    static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");

    /** The egress of {@code settings} on this host, as it is now (its networks, its resolv.conf). */
    static Egress ofHost(NetworkSettings settings, Path resolvConf) {
        List<Cidr> blocked = new ArrayList<>(NOT_PUBLIC);
        for (Cidr own : hostNetworks()) {
            if (!settings.uplinkPool().overlaps(own)) { // uplinks are judged as sandbox-to-sandbox traffic
                blocked.add(own);
            }
        }
        return new Egress(outermost(blocked), outermost(settings.allowedEgress()), nameServers(resolvConf));
    }

    /** The prefixes without those inside another (CIDR prefixes either nest or are disjoint). */
    static List<Cidr> outermost(List<Cidr> prefixes) {
        List<Cidr> sorted = prefixes.stream().sorted(Comparator.comparingInt(Cidr::prefixLength)).toList();
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : sorted) {
            if (out.stream().noneMatch(o -> o.overlaps(c))) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingLong(c -> Integer.toUnsignedLong(c.network())));
        return out;
    }

    /** The IPv4 networks of the root namespace's interfaces, loopback aside. */
    static List<Cidr> hostNetworks() {
        try {
            List<Cidr> out = new ArrayList<>();
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isLoopback()) {
                    continue;
                }
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        int address = Cidr.parseAddress(v4.getHostAddress());
                        int length = a.getNetworkPrefixLength();
                        int mask = length == 0 ? 0 : -1 << (32 - length);
                        out.add(new Cidr(address & mask, length));
                    }
                }
            }
            return out;
        } catch (SocketException e) {
            throw new EngineException("cannot list the host's networks: " + e.getMessage(), e);
        }
    }

    /** The IPv4 name servers of a resolv.conf, loopback ones aside (containers never get those). */
    static List<Integer> nameServers(Path resolvConf) {
        List<Integer> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(resolvConf)) {
                return out;
            }
            for (String line : Files.readAllLines(resolvConf)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    try {
                        int address = Cidr.parseAddress(words[1]);
                        if (!Cidr.parse("127.0.0.0/8").contains(address) && !out.contains(address)) {
                            out.add(address);
                        }
                    } catch (InvalidArgumentException ignored) {
                        // an IPv6 name server: sandboxes have no IPv6 uplink
                    }
                }
            }
        } catch (IOException e) {
            throw new EngineException("cannot read " + resolvConf + ": " + e.getMessage(), e);
        }
        return out;
    }
}
