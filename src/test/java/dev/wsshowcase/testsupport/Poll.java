package dev.wsshowcase.testsupport;

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
