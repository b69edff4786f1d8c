package dev.layerlab.runtime.container;

import dev.layerlab.runtime.runc.ContainerSpec.BindMount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The /etc/hostname, /etc/hosts and /etc/resolv.conf a container gets, bind-mounted as Docker does. */
final class EtcFiles {
    private static final List<String> FALLBACK_DNS = List.of("nameserver 8.8.8.8", "nameserver 8.8.4.4");

    private EtcFiles() {
    }

    /**
     * {@code extraLines}: /etc/hosts lines ({@code ip\tnames}) of {@code --add-host} and {@code --link}, written
     * after the defaults and before the container's own name, as Docker does.
     */
    static List<BindMount> write(Path containerDir, String hostname, String ip, List<String> extraLines,
                                 Path hostResolvConf, boolean embeddedDns) throws IOException {
        Path hostnameFile = containerDir.resolve("hostname");
        Path hosts = containerDir.resolve("hosts");
        Path resolv = containerDir.resolve("resolv.conf");
        Files.writeString(hostnameFile, hostname + "\n");
        List<String> lines = new ArrayList<>(List.of(
                "127.0.0.1\tlocalhost",
                "::1\tlocalhost ip6-localhost ip6-loopback",
                "fe00::0\tip6-localnet",
                "ff00::0\tip6-mcastprefix",
                "ff02::1\tip6-allnodes",
                "ff02::2\tip6-allrouters"));
        lines.addAll(extraLines);
        lines.add((ip.isEmpty() ? "127.0.1.1" : ip) + "\t" + hostname);
        Files.writeString(hosts, String.join("\n", lines) + "\n");
        Files.writeString(resolv, String.join("\n", embeddedDns ? embeddedResolvConf(hostResolvConf)
                : resolvConf(hostResolvConf)) + "\n");
        return List.of(new BindMount(hostnameFile, "/etc/hostname", false),
                new BindMount(hosts, "/etc/hosts", false),
                new BindMount(resolv, "/etc/resolv.conf", false));
    }

    /** The files {@link #write} made for the container in {@code containerDir} (none before its first start). */
    static List<BindMount> existing(Path containerDir) {
        List<BindMount> out = new ArrayList<>();
        for (String name : List.of("hostname", "hosts", "resolv.conf")) {
            Path f = containerDir.resolve(name);
            if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.add(new BindMount(f, "/etc/" + name, false));
            }
        }
        return out;
    }

    /** The /etc/hosts line of one {@code --add-host name:ip}. */
    static String hostLine(String extraHost) {
        int colon = extraHost.indexOf(':');
        return extraHost.substring(colon + 1) + "\t" + extraHost.substring(0, colon);
    }

    /** Docker's on a user network: the host's search domains, the embedded DNS, {@code ndots:0}. */
    static List<String> embeddedResolvConf(Path host) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.isRegularFile(host)) {
            for (String line : Files.readAllLines(host)) {
                if (line.strip().startsWith("search")) {
                    lines.add(line.strip());
                }
            }
        }
        lines.add("nameserver 127.0.0.11");
        lines.add("options ndots:0");
        return lines;
    }

    /** The host's resolv.conf without loopback name servers, which mean nothing inside the container. */
    static List<String> resolvConf(Path host) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean hasServer = false;
        if (Files.isRegularFile(host)) {
            for (String line : Files.readAllLines(host)) {
                String t = line.strip();
                if (t.startsWith("nameserver")) {
                    String addr = t.substring("nameserver".length()).strip();
                    if (addr.startsWith("127.") || addr.equals("::1")) {
                        continue;
                    }
                    hasServer = true;
                }
                lines.add(line);
            }
        }
        if (!hasServer) {
            lines.addAll(FALLBACK_DNS);
        }
        return lines;
    }
}
