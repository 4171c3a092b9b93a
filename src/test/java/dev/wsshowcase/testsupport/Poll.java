package dev.wsshowcase.testsupport;

import java.util.function.BooleanSupplier;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for a condition that gives no signal of its own (a line in a log file, a count on a
 * server), checking it every 50 ms until a deadline. Where an event exists, wait on the event.
 */
public final class Poll {

    private Poll() {
    }

    /** Returns the first non-null value of {@code check}, or fails the test after {@code timeout}. */
    public static <T> T until(Duration timeout, String what, Callable<T> check) throws Exception {
        return until(timeout, Duration.ofMillis(50), what, check);
    }

    /**
     * Checks {@code done} every {@code interval} until it holds or {@code timeout} has passed,
     * and says which: for waits whose timeout is not a failure in itself (a benchmark draining
     * its load), or whose caller says what failed.
     */
    public static boolean within(Duration timeout, Duration interval, BooleanSupplier done) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(interval.toNanos());
        }
        return true;
    }

    /** The time left until {@code deadline} (a {@link System#nanoTime} reading), never negative. */
    public static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** As {@link #until(Duration, String, Callable)}, checking every {@code interval} (for checks that cost). */
    public static <T> T until(Duration timeout, Duration interval, String what, Callable<T> check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = check.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
