package dev.layerlab.runtime.stdio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A budget lets one second of output through at once, then holds its spenders to the rate. */
class OutputBudgetTest {
    @Test
    void spending_three_seconds_of_output_takes_at_least_two() throws Exception {
        OutputBudget budget = new OutputBudget(1 << 20);
        long start = System.nanoTime();
        for (int i = 0; i < 96; i++) {
            budget.spend(32 << 10); // 3 MiB in all
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 1900, "3 MiB at 1 MiB/s with a 1 MiB burst took only " + millis + " ms");
    }

    @Test
    void a_line_costs_its_bytes_and_its_log_record() {
        byte[] yes = "y\ny\ny\n".getBytes();
        assertEquals(6 + 3 * OutputBudget.LINE_COST, OutputBudget.costOf(yes, yes.length));
        byte[] text = "no newline yet".getBytes();
        assertEquals(text.length, OutputBudget.costOf(text, text.length));
        assertEquals(2 + OutputBudget.LINE_COST, OutputBudget.costOf(yes, 2), "only the bytes read count");
    }

    @Test
    void unlimited_never_waits() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            OutputBudget.UNLIMITED.spend(1 << 20);
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000);
    }
}
