package dev.layerlab.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a machine on the host's LAN: a network namespace of its own, joined to the root
 * namespace by a veth pair on a private /30 (10.250.x.y, routed from the host as a LAN is), with
 * busybox httpd answering {@code lan-host} on {@link #PORT}. The only targets of the egress tests'
 * traffic are this namespace and the root side of its link.
 */
final class LanHost implements AutoCloseable {
    static final int PORT = 8080;
    final String netns;
    final String rootLink;
    /** The root namespace's address on the link (the host itself) and the LAN host's. */
    final String hostAddress;
    final String address;
    /** The link's /30, both addresses. */
    final String link;
    private final Process httpd;

    private LanHost(String netns, String rootLink, String hostAddress, String address, String link, Process httpd) {
        this.link = link;
        this.netns = netns;
        this.rootLink = rootLink;
        this.hostAddress = hostAddress;
        this.address = address;
        this.httpd = httpd;
    }

    static LanHost start(Path dir) throws IOException, InterruptedException {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        int third = ThreadLocalRandom.current().nextInt(256);
        int fourth = ThreadLocalRandom.current().nextInt(64) * 4;
        String hostAddress = "10.250." + third + "." + (fourth + 1);
        String address = "10.250." + third + "." + (fourth + 2);
        String netns = "lltest-lan-" + id;
        String rootLink = "lltl" + id;
        run("ip", "netns", "add", netns);
        run("ip", "link", "add", rootLink, "type", "veth", "peer", "name", "eth0", "netns", netns);
        run("ip", "addr", "add", hostAddress + "/30", "dev", rootLink);
        run("ip", "link", "set", rootLink, "up");
        run("ip", "-n", netns, "addr", "add", address + "/30", "dev", "eth0");
        run("ip", "-n", netns, "link", "set", "eth0", "up");
        run("ip", "-n", netns, "link", "set", "lo", "up");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), "lan-host\n");
        Process httpd = new ProcessBuilder("ip", "netns", "exec", netns, "busybox", "httpd", "-f", "-p", Integer.toString(PORT),
                "-h", dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        LanHost lan = new LanHost(netns, rootLink, hostAddress, address, "10.250." + third + "." + fourth + "/30", httpd);
        lan.awaitServing();
        return lan;
    }

    String url() {
        return "http://" + address + ":" + PORT + "/";
    }

    private void awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!exec("ip", "netns", "exec", netns, "busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:" + PORT + "/")
                .contains("lan-host")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the LAN host's httpd never answered");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        httpd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        exec("ip", "netns", "del", netns); // takes the veth pair with it
        exec("ip", "link", "del", rootLink);
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    private static String exec(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }
}
