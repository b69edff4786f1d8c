package dev.layerlab.server.containers;

import dev.layerlab.server.cli.SandboxFixture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Not a test: measures {@code docker run --rm busybox true} from outside (median of 20 after warm-up). */
final class RunTimingProbe {
    public static void main(String[] args) throws Exception {
        try (SandboxFixture fx = new SandboxFixture()) {
            for (int i = 0; i < 3; i++) {
                fx.cli.run("run", "--rm", "busybox", "true").assertOk();
            }
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                fx.cli.run("run", "--rm", "busybox", "true").assertOk();
                ms.add((System.nanoTime() - t) / 1_000_000);
            }
            Collections.sort(ms);
            System.out.println("RUN-TIMING median=" + (ms.get(9) + ms.get(10)) / 2 + "ms all=" + ms);
        }
    }
}
