package dev.layerlab.runtime.network;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.layerlab.runtime.network.NetworkFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * How long setup takes (printed to the test's output file, TIMING lines). The bounds asserted are
 * loose on purpose, for a loaded 2-core machine; they catch a stray sleep or a process per line.
 */
class NetworkTimingTest {
    private final List<SandboxNetwork> made = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        made.forEach(SandboxNetwork::destroy);
        HostFirewall.remove();
        made.forEach(n -> assertEquals(List.of(), leftovers(n.id())));
    }

    @Test
    void sandboxAndContainerSetupAreFast() {
        long t = System.nanoTime();
        SandboxNetworks networks = new SandboxNetworks(NetworkSettings.defaults().withOutboundNat(false));
        double firewall = millisSince(t);

        int sandboxes = 10;
        int containers = 20;
        double[] create = new double[sandboxes];
        double[] destroy = new double[sandboxes];
        double[] attach = new double[containers];
        double[] release = new double[containers];
        for (int i = 0; i < sandboxes; i++) {
            t = System.nanoTime();
            SandboxNetwork n = networks.create(sandboxId());
            create[i] = millisSince(t);
            made.add(n);
        }
        SandboxNetwork first = made.getFirst();
        List<ContainerNetwork> attached = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            t = System.nanoTime();
            attached.add(first.attach(containerId()));
            attach[i] = millisSince(t);
        }
        assertEquals(0, run("ip", "netns", "exec", attached.getLast().netnsName(), "busybox", "ping", "-c", "1", "-W", "1",
                first.gateway()).exit(), "the last container reaches its gateway");
        for (int i = 0; i < containers; i++) {
            t = System.nanoTime();
            attached.get(i).release();
            release[i] = millisSince(t);
        }
        for (int i = 0; i < sandboxes; i++) {
            t = System.nanoTime();
            made.get(i).destroy();
            destroy[i] = millisSince(t);
        }

        System.out.printf(Locale.ROOT, "TIMING root firewall apply: %.1f ms%n", firewall);
        report("sandbox network create", create);
        report("sandbox network destroy", destroy);
        report("container attach", attach);
        report("container release", release);
        assertTrue(median(create) < 100, "median create " + median(create) + " ms");
        assertTrue(median(attach) < 50, "median attach " + median(attach) + " ms");
    }

    private static void report(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "TIMING %s: median %.1f ms, min %.1f, max %.1f (n=%d; first %.1f)%n",
                what, median(millis), sorted[0], sorted[sorted.length - 1], millis.length, millis[0]);
    }

    private static double median(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
