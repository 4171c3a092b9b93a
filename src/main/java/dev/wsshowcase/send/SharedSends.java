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
 * finds none left, and the caller never waits for a slice nobody has taken. What the sends
 * carry is queued before, in order, by the caller: who starts a sender's drain does not change
 * what it sends next.
 */
public final class SharedSends {

    /** How many senders one thread starts before it takes the next slice; fewer are not shared. */
    public static final int SLICE = 250;

    /** Sends started by the calling thread alone. */
    public static final SharedSends CALLER = new SharedSends(Runnable::run, 0);

    /** How long {@link #run} waits for the slices the helpers took before it returns regardless. */
    public static final long TIMEOUT_MILLIS = 5000;

    private final Executor pool;
    private final int helpers;

    /**
     * @param pool    where the helpers run; they must run on other threads for the help to be any
     * @param helpers how many threads of {@code pool} may help one broadcast
     */
    public SharedSends(Executor pool, int helpers) {
        this.pool = pool;
        this.helpers = helpers;
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
