package dev.wsshowcase.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** A broadcast's sends shared by the caller and the send pool: each once, all done when it returns, never waiting for help that does not come. */
class SharedSendsTest {

    @Test
    void fewerThanASliceAreAllStartedByTheCaller() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Runnable> neverRun = new ArrayList<>();
        AtomicIntegerArray started = new AtomicIntegerArray(SharedSends.SLICE);
        assertTrue(new SharedSends(neverRun::add, 4).run(SharedSends.SLICE, i -> {
            started.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
        }));
        assertEachOnce(started);
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        assertTrue(neverRun.isEmpty(), "no helper is asked for one slice");
    }

    @Test
    void manySlicesAreSharedWithThePoolEachStartedOnceAndAllBeforeItReturns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int count = SharedSends.SLICE * 8 + 3;
            AtomicIntegerArray started = new AtomicIntegerArray(count);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch callerStarted = new CountDownLatch(1);
            CountDownLatch helperStarted = new CountDownLatch(1);
            String caller = Thread.currentThread().getName();
            assertTrue(new SharedSends(pool, 2).run(count, i -> {
                started.incrementAndGet(i);
                threads.add(Thread.currentThread().getName());
                // each side's first slice lasts until the other side has one: neither takes them all
                if (Thread.currentThread().getName().equals(caller)) {
                    callerStarted.countDown();
                    await(helperStarted);
                } else {
                    helperStarted.countDown();
                    await(callerStarted);
                }
            }));
            assertEachOnce(started); // read right after run returned: every slice was done by then
            assertTrue(threads.contains(caller) && threads.size() >= 2, "the caller and the pool shared them: " + threads);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The caller, done with its own slices, waits for the one a helper is still on, and only returns once it is done. */
    @Test
    void itReturnsOnlyOnceTheSliceAHelperIsOnIsDone() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            int count = SharedSends.SLICE * 2;
            AtomicIntegerArray started = new AtomicIntegerArray(count);
            AtomicInteger byCaller = new AtomicInteger();
            CountDownLatch helperIn = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean returned = new AtomicBoolean();
            String caller = Thread.currentThread().getName();
            CompletableFuture<Boolean> waitedForTheHelper = CompletableFuture.supplyAsync(() -> {
                await(helperIn);
                boolean callerDone = Poll.within(Duration.ofSeconds(10), Duration.ofMillis(5),
                        () -> byCaller.get() == SharedSends.SLICE);
                // A caller that did not wait would return now; give it half a second to.
                boolean stillWaiting = callerDone && !Poll.within(Duration.ofMillis(500), Duration.ofMillis(5), returned::get);
                release.countDown();
                return stillWaiting;
            });
            assertTrue(new SharedSends(pool, 1).run(count, i -> {
                started.incrementAndGet(i);
                if (Thread.currentThread().getName().equals(caller)) {
                    await(helperIn); // the helper has a slice before the caller takes its own
                    byCaller.incrementAndGet();
                } else {
                    helperIn.countDown();
                    await(release);
                }
            }));
            returned.set(true);
            assertTrue(waitedForTheHelper.get(10, TimeUnit.SECONDS), "run returned while the helper's slice was under way");
            assertEachOnce(started);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpThatNeverStartsLeavesEverySliceToTheCallerWithoutWaitingForIt() {
        List<Runnable> queuedForever = new ArrayList<>();
        int count = SharedSends.SLICE * 5;
        AtomicIntegerArray started = new AtomicIntegerArray(count);
        long before = System.nanoTime();
        assertTrue(new SharedSends(queuedForever::add, 3).run(count, started::incrementAndGet));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(4), "returned without waiting out the 5 s bound");
        assertEachOnce(started);
        assertEquals(3, queuedForever.size(), "three helpers were asked");
        queuedForever.forEach(Runnable::run); // starting late, they find nothing left
        assertEachOnce(started);
    }

    @Test
    void aPoolThatRefusesLeavesEverySliceToTheCaller() {
        int count = SharedSends.SLICE * 3;
        AtomicIntegerArray started = new AtomicIntegerArray(count);
        assertTrue(new SharedSends(task -> {
            throw new RejectedExecutionException("stopping");
        }, 2).run(count, started::incrementAndGet));
        assertEachOnce(started);
    }

    private static void assertEachOnce(AtomicIntegerArray started) {
        for (int i = 0; i < started.length(); i++) {
            assertEquals(1, started.get(i), "index " + i);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "a helper took a slice");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A broadcast of several slices handed off: the caller returns at once, starting none; the pool starts each once. */
    @Test
    void handedOffSlicesAreLeftToThePoolAndTheCallerReturnsAtOnce() {
        List<Runnable> pool = new ArrayList<>();
        int count = SharedSends.SLICE * 3 + 1;
        AtomicIntegerArray started = new AtomicIntegerArray(count);
        assertTrue(new SharedSends(pool::add, 2).handOff(count, started::incrementAndGet));
        for (int i = 0; i < count; i++) {
            assertEquals(0, started.get(i), "nothing started by the caller");
        }
        assertEquals(4, pool.size(), "a task per slice");
        pool.forEach(Runnable::run);
        assertEachOnce(started);
    }

    /**
     * Past {@link SharedSends#HANDED_OFF_PER_HELPER} slices per helper not yet done, the caller
     * waits as {@code run} does (the pool is behind: the broadcaster slows down); once the pool
     * has caught up, slices are handed off again.
     */
    @Test
    void whenThePoolIsBehindTheCallerStartsAndWaitsInsteadOfHandingOff() {
        List<Runnable> pool = new ArrayList<>();
        SharedSends sends = new SharedSends(pool::add, 1);
        int count = SharedSends.SLICE * 2;
        for (int handed = 0; handed < SharedSends.HANDED_OFF_PER_HELPER; handed += 2) {
            assertTrue(sends.handOff(count, i -> { }));
        }
        assertEquals(SharedSends.HANDED_OFF_PER_HELPER, pool.size());

        AtomicIntegerArray started = new AtomicIntegerArray(count);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        assertTrue(sends.handOff(count, i -> {
            started.incrementAndGet(i);
            threads.add(Thread.currentThread().getName());
        }));
        assertEachOnce(started);
        assertEquals(Set.of(Thread.currentThread().getName()), threads, "started by the caller before it returned");

        List<Runnable> behind = new ArrayList<>(pool.subList(0, SharedSends.HANDED_OFF_PER_HELPER));
        behind.forEach(Runnable::run); // the pool catches up (the run's own helper task finds no slice left)
        int before = pool.size();
        assertTrue(sends.handOff(count, i -> { }));
        assertEquals(before + 2, pool.size(), "handed off again");
    }

    @Test
    void oneSliceIsNotHandedOff() {
        List<Runnable> pool = new ArrayList<>();
        AtomicIntegerArray started = new AtomicIntegerArray(SharedSends.SLICE);
        assertTrue(new SharedSends(pool::add, 2).handOff(SharedSends.SLICE, started::incrementAndGet));
        assertEachOnce(started);
        assertTrue(pool.isEmpty());
    }
}
