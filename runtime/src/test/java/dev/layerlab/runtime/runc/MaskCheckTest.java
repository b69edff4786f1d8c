package dev.layerlab.runtime.runc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The check a created container passes before it starts. Its passing side runs at every container
 * start of the other tests; here a view without masks (this JVM's own, on the real host) must fail.
 */
class MaskCheckTest {
    @Test
    void a_view_without_masks_is_refused() throws Exception {
        List<String> problems = MaskCheck.problems((int) ProcessHandle.current().pid());
        assertTrue(problems.contains("/proc/keys is not masked with /dev/null"), problems.toString());
        assertTrue(problems.contains("/proc/sys is not read-only"), problems.toString());
    }
}
