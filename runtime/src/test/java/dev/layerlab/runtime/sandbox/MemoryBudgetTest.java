package dev.layerlab.runtime.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The sandboxes' memory limits together stay within the host's memory times the overcommit factor. */
class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void a_sandbox_beyond_the_budget_is_refused_until_one_is_released() {
        MemoryBudget budget = new MemoryBudget(5 * GIB);
        assertEquals(2, budget.capacity(2 * GIB));
        budget.reserve(2 * GIB);
        budget.reserve(2 * GIB);
        SandboxCapacityException e = assertThrows(SandboxCapacityException.class, () -> budget.reserve(2 * GIB));
        assertTrue(e.getMessage().contains("memory overcommit"), e.getMessage());
        assertEquals(4 * GIB, budget.reserved(), "a refusal reserves nothing");
        budget.release(2 * GIB);
        budget.reserve(2 * GIB);
        assertEquals(4 * GIB, budget.reserved());
    }

    @Test
    void the_hosts_budget_is_its_physical_memory_times_the_factor() {
        long host = MemoryBudget.hostMemoryBytes();
        assertTrue(host > 256L << 20, "MemTotal read: " + host);
        assertEquals((int) ((long) (host * 1.5) / (2 * GIB)), MemoryBudget.ofHost(1.5).capacity(2 * GIB));
        assertEquals(Integer.MAX_VALUE, MemoryBudget.ofHost(0).capacity(2 * GIB), "0 switches the bound off");
    }

    @Test
    void the_default_settings_promise_no_more_than_one_and_a_half_times_the_host() {
        SandboxSettings d = SandboxSettings.defaults();
        long promised = (long) MemoryBudget.ofHost(d.memoryOvercommit()).capacity(d.memoryBytes()) * d.memoryBytes();
        assertTrue(promised <= MemoryBudget.hostMemoryBytes() * 1.5, promised + " bytes promised");
    }
}
