package dev.layerlab.runtime.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated timings of a few actions, interleaved so machine noise hits each alike, and their report. */
public final class Timings {
    /** Something timed; may throw. */
    public interface Action {
        void run() throws Exception;
    }

    private Timings() {
    }

    public static long time(Action action) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        return System.nanoTime() - t0;
    }

    public static double median(List<Long> xs) {
        return percentile(xs, 50);
    }

    public static double percentile(List<Long> xs, int p) {
        List<Long> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    public static void report(String what, List<Long> xs) {
        System.out.printf("%-60s median %6.1f ms  p90 %6.1f ms  min %6.1f ms%n", what,
                median(xs) / 1e6, percentile(xs, 90) / 1e6, Collections.min(xs) / 1e6);
    }

    /** Runs each action {@code warmup + n} times in turn; returns the last {@code n} timings of each. */
    public static List<List<Long>> interleaved(int warmup, int n, Action... actions) throws Exception {
        List<List<Long>> results = new ArrayList<>();
        for (Action ignored : actions) {
            results.add(new ArrayList<>());
        }
        for (int i = 0; i < warmup + n; i++) {
            for (int a = 0; a < actions.length; a++) {
                long t = time(actions[a]);
                if (i >= warmup) {
                    results.get(a).add(t);
                }
            }
        }
        return results;
    }
}
