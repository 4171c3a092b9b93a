package dev.wsshowcase.send;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Starts the sends of one broadcast to many senders, in slices that the calling thread and up
 * to a few threads of the send pool take in turn.
 *
 * <p><b>Why.</b> Starting a send is a write to the client's socket, on Tomcat also a hand-off of
 * its completion to the container's pool: about 10 us each on a 2-core machine, so a thread that
 * starts a broadcast's sends to 1000 members takes 10 ms before it can read the next message,
 * and the last member gets it that much after the first. Sharing the slices with other cores
 * shortens both. No send blocks (a {@link SessionSender} never does), so a slice takes as long
 * as its writes, whoever's client is slow.
 *
 * <p><b>Order.</b> {@link #run} returns once every slice is done; a helper that starts late
 * finds none left, and the caller never waits for a slice nobody has taken. {@link #handOff}
 * leaves the slices to the pool and returns at once, unless the pool is behind. What the sends
 * carry is queued before, in order, by the caller: who starts a sender's drain, and when, does
 * not change what it sends next (a sender whose drain is pending takes later messages in the
 * same drain).
 */
public final class SharedSends {

    /** How many senders one thread starts before it takes the next slice; fewer are not shared. */
    public static final int SLICE = 250;

    /** Sends started by the calling thread alone. */
    public static final SharedSends CALLER = new SharedSends(Runnable::run, 0);

    /** How long {@link #run} waits for the slices the helpers took before it returns regardless. */
    public static final long TIMEOUT_MILLIS = 5000;

    /**
     * How many slices {@link #handOff} leaves to the pool at most, per helper: past that the
     * caller waits for its own broadcast as {@link #run} does, so a server that falls behind
     * slows the thread that broadcasts (and the sender behind it) rather than filling queues.
     */
    public static final int HANDED_OFF_PER_HELPER = 4;

    private final Executor pool;
    private final int helpers;
    /** Slices handed to the pool by {@link #handOff} and not yet done. */
    private final AtomicInteger handedOff = new AtomicInteger();

    /**
     * @param pool    where the helpers run; they must run on other threads for the help to be any
     * @param helpers how many threads of {@code pool} may help one broadcast
     */
    public SharedSends(Executor pool, int helpers) {
        this.pool = pool;
        this.helpers = helpers;
    }

    /**
     * Calls {@code start} for every index from 0 to {@code count - 1}, each once, as {@link #run}
     * does, but returns without waiting while the pool is not behind: the slices go to the pool,
     * and the caller (the thread that reads the next message) is free at once. The sends of one
     * message then start while the next is read and queued, and a recipient whose queue has not
     * been drained by then gets both in one write where the container batches
     * ({@link Batching}). Fewer than two slices, or more than {@link #HANDED_OFF_PER_HELPER} per
     * helper not yet done, and it is {@link #run}: the caller helps and waits.
     *
     * @return false if it waited as {@link #run} does and the helpers' slices were not all done in time
     */
    public boolean handOff(int count, IntConsumer start) {
        int slices = (count + SLICE - 1) / SLICE;
        if (slices <= 1 || helpers == 0) {
            return run(count, start);
        }
        if (handedOff.addAndGet(slices) > helpers * HANDED_OFF_PER_HELPER) {
            handedOff.addAndGet(-slices); // the pool is behind
            return run(count, start);
        }
        for (int slice = 0; slice < slices; slice++) {
            int from = slice * SLICE;
            int to = Math.min(count, from + SLICE);
            Runnable task = () -> {
                try {
                    for (int i = from; i < to; i++) {
                        start.accept(i);
                    }
                } finally {
                    handedOff.decrementAndGet();
                }
            };
            try {
                pool.execute(task);
            } catch (RejectedExecutionException stopping) {
                task.run(); // the pool has shut down: this thread starts it
            }
        }
        return true;
    }

    /**
     * Calls {@code start} for every index from 0 to {@code count - 1}, each once, in slices of
     * {@link #SLICE} shared with the helpers when there are more than one.
     *
     * @return false if the slices the helpers took were not all done within
     *         {@link #TIMEOUT_MILLIS} (the caller decides what to say); they go on regardless.
     *         An interrupt does not cut the wait short (the helpers never block, so it is
     *         short); the thread's interrupt status is set again before it returns.
     */
    public boolean run(int count, IntConsumer start) {
        int slices = (count + SLICE - 1) / SLICE;
        if (slices <= 1 || helpers == 0) {
            for (int i = 0; i < count; i++) {
                start.accept(i);
            }
            return true;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(slices);
        Runnable takeSlices = () -> {
            for (int slice; (slice = next.getAndIncrement()) < slices; ) {
                try {
                    for (int i = slice * SLICE, end = Math.min(count, i + SLICE); i < end; i++) {
                        start.accept(i);
                    }
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = Math.min(helpers, slices - 1); h > 0; h--) {
            try {
                pool.execute(takeSlices);
            } catch (RejectedExecutionException stopping) {
                break; // this thread takes the rest
            }
        }
        takeSlices.run();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // an application stopping: the slices under way still end soon
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
