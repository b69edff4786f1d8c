package dev.layerlab.runtime.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Helpers for the network tests: running commands, fresh ids, and finding leftovers. */
final class NetworkFixture {
    private NetworkFixture() {
    }

    record Result(int exit, String output) {
    }

    /** Runs a command with a hard time limit; output is stdout and stderr together. */
    static Result run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", argv));
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** busybox wget from inside a named namespace, given 1.5 s (its own -T crashes busybox 1.35). */
    static Result wget(String netns, String url) {
        return run("timeout", "1.5", "ip", "netns", "exec", netns, "busybox", "wget", "-q", "-O", "-", url);
    }

    static String sandboxId() {
        return "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 7);
    }

    static String containerId() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A busybox httpd serving {@code page} as index.html on port 80 inside {@code netns}. */
    static Process httpd(String netns, Path dir, String page) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("index.html"), page);
        return new ProcessBuilder("ip", "netns", "exec", netns, "busybox", "httpd", "-f", "-p", "80", "-h", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Polls until {@code url} answers from inside {@code netns} (servers start asynchronously). */
    static void awaitHttp(String netns, String url) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (wget(netns, url).exit() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " never answered in " + netns);
            }
            Thread.sleep(20);
        }
    }

    /** Whether a TCP connection to {@code address} opens within {@code millis}, from inside {@code sockets}' namespace. */
    static boolean connects(NetnsSockets sockets, InetSocketAddress address, int millis) {
        try (var channel = sockets.openSocket()) {
            channel.socket().connect(address, millis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Namespaces and root-side links of sandbox {@code id} still present. */
    static List<String> leftovers(String id) {
        List<String> found = new ArrayList<>();
        for (String line : run("ip", "netns", "list").output().lines().toList()) {
            String name = line.split(" ")[0];
            if (id.equals(StaleNetworks.ownerOf(name))) {
                found.add("netns " + name);
            }
        }
        if (run("ip", "link", "show", "ll" + id).exit() == 0) {
            found.add("link ll" + id);
        }
        return found;
    }

    static boolean firewallTablePresent() {
        return run("nft", "list", "table", "inet", "layerlab").exit() == 0;
    }

    /** Packets counted by the rule of {@code table} carrying {@code comment}. */
    static long counter(String nftListing, String comment) {
        for (String line : nftListing.lines().toList()) {
            if (line.contains("comment \"" + comment + "\"")) {
                String after = line.substring(line.indexOf("packets ") + 8);
                return Long.parseLong(after.substring(0, after.indexOf(' ')));
            }
        }
        throw new AssertionError("no rule with comment " + comment + " in:\n" + nftListing);
    }

    static String rootTable() {
        return run("nft", "list", "table", "inet", "layerlab").output();
    }
}
