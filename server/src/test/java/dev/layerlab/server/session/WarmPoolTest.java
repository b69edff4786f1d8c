package dev.layerlab.server.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The pool's bookkeeping with a counting factory (the real sandboxes are in the page tests). */
class WarmPoolTest {
    static final class Counting implements WarmPool.Factory {
        final AtomicInteger made = new AtomicInteger();
        final List<String> deleted = new CopyOnWriteArrayList<>();

        @Override
        public String create() {
            return "sb" + made.incrementAndGet();
        }

        @Override
        public void delete(String id) {
            deleted.add(id);
        }
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not reached in 2 s");
    }

    @Test
    void a_started_pool_fills_to_its_size_and_refills_after_a_take() throws Exception {
        Counting f = new Counting();
        WarmPool pool = new WarmPool(f, 2, 10);
        pool.start();
        await(() -> pool.warmCount() == 2);
        String id = pool.take();
        assertTrue(id.equals("sb1") || id.equals("sb2"), id);
        await(() -> pool.warmCount() == 2);
        assertEquals(3, f.made.get());
        assertEquals(1, pool.inUseCount());
    }

    @Test
    void the_limit_counts_warm_and_taken_sandboxes_and_release_frees_a_place() throws Exception {
        Counting f = new Counting();
        WarmPool pool = new WarmPool(f, 1, 2);
        pool.start();
        await(() -> pool.warmCount() == 1);
        String a = pool.take();
        await(() -> pool.warmCount() == 1);
        String b = pool.take();
        WarmPool.FullException full = assertThrows(WarmPool.FullException.class, pool::take);
        assertTrue(full.getMessage().contains("all 2 sandboxes"), full.getMessage());
        pool.release(a);
        assertEquals(List.of(a), f.deleted);
        await(() -> pool.warmCount() == 1);
        assertNotEquals(b, pool.take());
    }

    @Test
    void a_failing_factory_does_not_leak_a_place() throws Exception {
        WarmPool pool = new WarmPool(new WarmPool.Factory() {
            @Override
            public String create() throws IOException {
                throw new IOException("no room");
            }

            @Override
            public void delete(String id) {
            }
        }, 0, 1);
        assertThrows(IOException.class, pool::take);
        assertEquals(0, pool.inUseCount());
        assertThrows(IOException.class, pool::take, "still one place, not full");
    }

    @Test
    void closing_removes_the_warm_sandboxes() throws Exception {
        Counting f = new Counting();
        WarmPool pool = new WarmPool(f, 2, 5);
        pool.start();
        await(() -> pool.warmCount() == 2);
        pool.close();
        assertEquals(2, f.deleted.size());
    }

    @Test
    void closing_waits_for_a_sandbox_being_made_and_removes_it() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> deleted = new CopyOnWriteArrayList<>();
        WarmPool pool = new WarmPool(new WarmPool.Factory() {
            @Override
            public String create() throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return "slow";
            }

            @Override
            public void delete(String id) {
                deleted.add(id);
            }
        }, 1, 5);
        pool.start();
        Thread closer = Thread.ofVirtual().start(pool::close);
        Thread.sleep(200);
        assertTrue(closer.isAlive(), "close waits while a sandbox is being made");
        release.countDown();
        closer.join(5000);
        assertEquals(List.of("slow"), deleted, "the sandbox made while closing is removed, not left behind");
    }
}
