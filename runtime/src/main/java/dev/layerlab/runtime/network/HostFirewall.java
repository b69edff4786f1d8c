package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The root namespace's share of sandbox networking: one nft table, {@code inet layerlab}, whose
 * rules match the device group every root-side uplink carries rather than names or addresses, so
 * sandboxes come and go without touching the table and a stale uplink is still covered.
 * Only traffic through uplinks is judged here; the host's other traffic passes untouched.
 */
public final class HostFirewall {
    public static final String TABLE = "inet layerlab";
    /** Device group of root-side uplinks (0x4c4c, "LL"). */
    public static final int UPLINK_GROUP = 0x4c4c;
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private HostFirewall() {
    }

    /**
     * Replaces the table's rules atomically (one nft transaction: declare, flush, refill), so it is
     * idempotent and safe while sandboxes run. With outbound NAT on, also turns on IPv4 forwarding
     * in the root namespace; it is never turned off again here because other software on the host
     * may rely on it, and with NAT off the forward chain drops sandbox traffic anyway.
     */
    public static void apply(NetworkSettings settings) {
        apply(settings, Egress.HOST_RESOLV_CONF);
    }

    /** {@link #apply(NetworkSettings)} with the name servers of {@code resolvConf} (tests name their own). */
    static void apply(NetworkSettings settings, java.nio.file.Path resolvConf) {
        Commands.nft(rules(settings, Egress.ofHost(settings, resolvConf)));
        if (settings.outboundNat()) {
            writeIpForward("1");
        }
    }

    /** Deletes the table if present (uninstall, tests). */
    public static void remove() {
        Commands.nft("table " + TABLE + " {}\ndelete table " + TABLE);
    }

    static String rules(NetworkSettings settings, Egress egress) {
        String g = Integer.toString(UPLINK_GROUP);
        String pool = settings.uplinkPool().toString();
        StringBuilder forward = new StringBuilder()
                .append(rule("iifgroup " + g + " oifgroup " + g, "drop", "sandbox to sandbox"))
                .append(rule("oifgroup " + g + " ct state established,related", "accept", "replies into sandboxes"))
                .append(rule("oifgroup " + g, "drop", "nobody else opens connections into a sandbox"))
                .append(rule("iifgroup " + g + " meta nfproto ipv6", "drop", "sandboxes have no IPv6 uplink"))
                .append(rule("iifgroup " + g + " ip saddr != " + pool, "drop", "spoofed source"));
        if (!settings.outboundNat()) {
            forward.append(rule("iifgroup " + g, "drop", "outbound NAT off"));
        }
        String dns = dnsRule(g, egress);
        forward.append(dns);
        if (!egress.allowed().isEmpty()) {
            forward.append(rule("iifgroup " + g + " ip daddr " + set(egress.allowed()), "accept", "allowed by the operator"));
        }
        forward.append(rule("iifgroup " + g + " ip daddr " + set(egress.blocked()), "drop",
                "not the public internet: private, link-local, multicast, reserved, the host's networks"));
        String nat = settings.outboundNat() ? rule("ip saddr " + pool + " oifgroup != " + g, "masquerade", "outbound NAT") : "";
        return "table " + TABLE + " {}\n"
                + "flush table " + TABLE + "\n"
                + "table " + TABLE + " {\n"
                + "  chain input {\n"
                + "    type filter hook input priority filter; policy accept;\n"
                + rule("iifgroup " + g + " ct state established,related", "accept", "replies to the host")
                + dns
                + rule("iifgroup " + g, "drop", "sandbox to host services")
                + "  }\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter; policy accept;\n"
                + forward
                + "  }\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + nat
                + "  }\n"
                + "}\n";
    }

    /** Port 53 of the host's name servers, which sandboxes' containers use (empty if there are none). */
    private static String dnsRule(String g, Egress egress) {
        if (egress.dnsServers().isEmpty()) {
            return "";
        }
        String servers = String.join(", ", egress.dnsServers().stream().map(Cidr::toText).toList());
        return rule("iifgroup " + g + " ip daddr { " + servers + " } meta l4proto { tcp, udp } th dport 53", "accept",
                "DNS to the host's name servers");
    }

    private static String set(java.util.List<Cidr> prefixes) {
        return "{ " + String.join(", ", prefixes.stream().map(Cidr::toString).toList()) + " }";
    }

    private static String rule(String match, String verdict, String comment) {
        return "    " + match + " counter " + verdict + " comment \"" + comment + "\"\n";
    }

    static void writeIpForward(String value) {
        try {
            Files.writeString(IP_FORWARD, value);
        } catch (IOException e) {
            throw new EngineException("cannot set net.ipv4.ip_forward: " + e.getMessage(), e);
        }
    }

    static String readIpForward() {
        try {
            return Files.readString(IP_FORWARD).strip();
        } catch (IOException e) {
            throw new EngineException("cannot read net.ipv4.ip_forward: " + e.getMessage(), e);
        }
    }
}
