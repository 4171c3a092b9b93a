package dev.wsshowcase.testsupport;

import dev.wsshowcase.send.SharedSends;

/**
 * Shared sends whose helper takes every slice, deterministically: it runs on a thread of its own
 * and is waited for before the caller gets to a slice. A test that all of a broadcast's sends go
 * through the shared sends checks that they were started on that thread.
 */
public final class HelperFirstSends {

    private HelperFirstSends() {
    }

    /** @param threadName the name of the helper's thread, as the sessions' {@code sendingThreads} report it */
    public static SharedSends on(String threadName) {
        return new SharedSends(task -> {
            Thread helper = new Thread(task, threadName);
            helper.start();
            try {
                helper.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }, 1);
    }
}
