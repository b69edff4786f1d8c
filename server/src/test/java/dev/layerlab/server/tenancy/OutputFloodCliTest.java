package dev.layerlab.server.tenancy;

import dev.layerlab.runtime.sandbox.SandboxSettings;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10, finding 8: copying a container's output into its log burned the server's CPU outside
 * the sandbox's cgroup, as fast as the container could write (a JSON line each, about a core for
 * 10 MB/s here). Now a sandbox's output is copied at most at its rate; a faster writer waits.
 */
class OutputFloodCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void a_container_writing_as_fast_as_it_can_is_held_to_the_sandboxs_output_rate() throws Exception {
        long rate = SandboxSettings.DEFAULT_OUTPUT_BYTES_PER_SECOND;
        // Everything the container writes in 4 s, as the attached CLI receives it (the log keeps only 10 MiB).
        String script = "timeout -s KILL 4 docker run --sig-proxy=false --name flood busybox yes"
                + " 0123456789012345678901234567890123456789012345678901234567890123456789 | wc -c";
        long copied;
        try {
            copied = Long.parseLong(fx.shell(script).out().strip());
        } finally {
            fx.cli.run("rm", "-f", "flood");
        }
        // One second of burst and four of rate, 10% slack; without the bound 46 MB went through here.
        assertTrue(copied <= 5.5 * rate, copied + " bytes in 4 s: more than the sandbox's rate of " + rate + " B/s");
        assertTrue(copied >= rate, "only " + copied + " bytes in 4 s");
        assertEquals("hi", fx.ok("echo hi").out(), "the learner's own shell still answers");
    }
}
