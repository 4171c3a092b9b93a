package dev.wsshowcase.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The drain window the suite's servers stop with ({@code showcase.shutdown.drain-ms}, set by the
 * build) and the check that closes were spread across it rather than sent at one instant.
 */
public final class DrainWindow {

    private DrainWindow() {
    }

    public static long millis() {
        return Long.parseLong(System.getProperty("showcase.shutdown.drain-ms", "5000"));
    }

    /**
     * {@code n} clients closed by a drain are closed {@code window / n} apart, so the first and
     * the last close are {@code window (n - 1) / n} apart; this checks at least half of that, to
     * leave room for a loaded machine, and at most the window and a few seconds.
     */
    public static void assertSpread(Collection<WsClient> closed) {
        long first = closed.stream().mapToLong(WsClient::closedAt).min().orElseThrow();
        long last = closed.stream().mapToLong(WsClient::closedAt).max().orElseThrow();
        long spanMillis = TimeUnit.NANOSECONDS.toMillis(last - first);
        long window = millis();
        long expected = window * (closed.size() - 1) / closed.size();
        assertTrue(spanMillis >= expected / 2, "the " + closed.size() + " closes came within " + spanMillis
                + " ms, not spread over the drain window of " + window + " ms (" + expected + " ms from first to last)");
        assertTrue(spanMillis <= window + 5_000, "the closes took " + spanMillis + " ms, past the drain window of " + window + " ms");
    }
}
