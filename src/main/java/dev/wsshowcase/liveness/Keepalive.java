package dev.wsshowcase.liveness;

import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps connections alive through proxies and finds clients that vanished.
 *
 * <p>A connection from which nothing (no message, no pong) has arrived for
 * the keepalive interval ({@code showcase.keepalive.interval-ms}) is sent a ping. The traffic keeps proxies and
 * containers with idle timeouts (nginx closes after 60 s by default, Jetty after 30 s) from
 * closing a quiet but healthy connection. Every client answers a ping with a pong (browsers do
 * it by themselves); if nothing arrives within the timeout ({@code showcase.keepalive.timeout-ms}) after
 * the ping left, the client is gone or stopped reading, and the connection is closed with 1001
 * (going away, the code containers use for their own idle timeouts). Chat presence is released
 * at the same moment through {@link SessionSender#onDropped}. Each connection's state and the
 * decision to ping or drop it are its {@link Liveness}'s; this class runs the checks.
 *
 * <p>The answer is timed from when the ping left the sender's queue, not from when it was
 * queued, because a ping waits behind the data queued before it. On containers that complete a
 * send once they have buffered it (Payara), a ping can also wait behind the container's own
 * buffer, so the timeout must cover the longest backlog a healthy client may have there.
 *
 * <p>The same checks drop a client whose send has been in flight for longer than the send
 * timeout ({@link SessionSender#overdue}), so they run even with pings off.
 *
 * <p>One task on the application's scheduler checks every watched connection a few times per
 * interval, at least once a second; the pings themselves are sent on the close executor, never
 * on the scheduler.
 */
public final class Keepalive implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Keepalive.class.getName());

    private final Set<Liveness> watched = ConcurrentHashMap.newKeySet();
    private final long interval;
    private final long timeout;
    private final java.util.concurrent.ScheduledFuture<?> checks;

    /**
     * @param scheduler      runs the checks; null for none at all (unit tests)
     * @param intervalMillis quiet time before a ping; 0 turns pings off (overdue sends are still checked)
     * @param timeoutMillis  time allowed for an answer after the ping left
     */
    public Keepalive(ScheduledExecutorService scheduler, long intervalMillis, long timeoutMillis) {
        this.interval = intervalMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(intervalMillis) : 0;
        this.timeout = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (scheduler == null) {
            this.checks = null;
            return;
        }
        long period = intervalMillis > 0 ? Math.max(50, Math.min(1000, Math.min(intervalMillis, timeoutMillis) / 4)) : 1000;
        this.checks = scheduler.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    /** Watches a new connection: its pongs count as answers from now on. */
    public void watch(Liveness liveness) {
        if (checks == null) {
            return;
        }
        if (interval > 0) {
            try {
                liveness.session().addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> liveness.ponged());
            } catch (IllegalStateException e) {
                // The endpoint handles pongs itself; it must then call heard().
                LOG.log(Level.FINE, "Session " + liveness.session().getId() + " already has a pong handler", e);
            }
        }
        watched.add(liveness);
    }

    /** Connections being watched; for tests and monitoring. */
    int watched() {
        return watched.size();
    }

    private void check() {
        try {
            long now = System.nanoTime();
            watched.removeIf(liveness -> !liveness.check(now, interval, timeout));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Keepalive check failed; it runs again", e);
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.cancel(false);
        }
        watched.clear();
    }
}
