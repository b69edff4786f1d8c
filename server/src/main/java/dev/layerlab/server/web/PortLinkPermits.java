package dev.layerlab.server.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many {@code /ports/} requests are being relayed: at most {@code perLearner} for one learner and
 * {@code total} for the server, so a learner's app that never answers holds a few of the server's
 * threads, never all of them. Over either cap a request is refused at once.
 */
final class PortLinkPermits {
    private final int perLearner;
    private final int total;
    private final AtomicInteger inUse = new AtomicInteger();
    private final Map<String, AtomicInteger> byLearner = new ConcurrentHashMap<>();

    PortLinkPermits(int perLearner, int total) {
        this.perLearner = perLearner;
        this.total = total;
    }

    /** A permit for one request, or null (and nothing taken) when a cap is reached. Close it when done. */
    Permit tryAcquire(String learnerId) {
        if (inUse.incrementAndGet() > total) {
            inUse.decrementAndGet();
            return null;
        }
        AtomicInteger mine = byLearner.computeIfAbsent(learnerId, id -> new AtomicInteger());
        if (mine.incrementAndGet() > perLearner) {
            release(learnerId, mine);
            return null;
        }
        return () -> release(learnerId, mine);
    }

    private void release(String learnerId, AtomicInteger mine) {
        if (mine.decrementAndGet() == 0) {
            byLearner.remove(learnerId, mine);
        }
        inUse.decrementAndGet();
    }

    int inUse() {
        return inUse.get();
    }

    interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
