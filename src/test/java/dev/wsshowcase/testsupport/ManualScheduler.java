package dev.wsshowcase.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for unit tests that runs nothing by itself: scheduled tasks wait, whatever their
 * delay, until the test runs them with {@link #runPending}, on the test's thread. Delayed
 * one-shot tasks only. Thread-safe; after {@link #shutdown} it rejects new tasks, as a stopped
 * application's scheduler does.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final List<Task<?>> pending = new ArrayList<>();
    private boolean shutdown;

    /** Tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        pending.removeIf(Task::isDone);
        return pending.size();
    }

    /** Runs the tasks pending now (not those they schedule), outside this scheduler's lock; returns how many ran. */
    public int runPending() {
        List<Task<?>> due;
        synchronized (this) {
            due = new ArrayList<>(pending);
            pending.clear();
        }
        int ran = 0;
        for (Task<?> task : due) {
            if (!task.isDone()) {
                task.run();
                ran++;
            }
        }
        return ran;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(Executors.callable(command, null), unit.toNanos(delay)));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(callable, unit.toNanos(delay)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> never = new ArrayList<>(pending);
        pending.clear();
        return never;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private synchronized <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("scheduler is shut down");
        }
        pending.add(task);
        return task;
    }

    private static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long delayNanos;

        Task(Callable<V> callable, long delayNanos) {
            super(callable);
            this.delayNanos = delayNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
