package dev.wsshowcase.liveness;

import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether one client is still there: when it was last heard from (a message or a pong), the
 * ping it was sent and awaits, and the decision, at each of {@link Keepalive}'s checks, to ping
 * it or to drop it.
 *
 * <p>A client quiet for the interval is sent a ping through its {@link SessionSender} (queued
 * like a message, so it never overlaps a data send). Its answer is awaited from the moment the
 * ping left the queue; anything heard after the ping was queued counts as the answer. A client
 * that has not answered within the timeout is dropped with 1001 ({@value #NO_PONG}).
 *
 * <p><b>Threading.</b> {@link #heard} may be called from any thread and takes no lock;
 * {@link #check} runs on the keepalive's scheduler, the ping's completion on the close executor.
 * The ping state is guarded by this object's lock, which is never held while calling the sender.
 */
public final class Liveness {

    /** The close reason phrase for a client that did not answer a ping in time. */
    public static final String NO_PONG = "no answer to ping";

    private final SessionSender sender;
    private final LongSupplier nanoClock;
    /** When a message or pong last arrived from the client (a {@link #nanoClock} reading). */
    private volatile long lastHeard;
    /** A ping is queued or sent and nothing has been heard since it was queued. */
    private boolean pingAwaited;
    private long pingQueuedAt;
    /** Whether the awaited ping has left the queue, and when. */
    private boolean pingSent;
    private long pingSentAt;

    public Liveness(SessionSender sender) {
        this(sender, System::nanoTime);
    }

    /** As above, reading time from {@code nanoClock} instead of {@link System#nanoTime} (for tests). */
    Liveness(SessionSender sender, LongSupplier nanoClock) {
        this.sender = sender;
        this.nanoClock = nanoClock;
        this.lastHeard = nanoClock.getAsLong();
    }

    /** The session watched. */
    Session session() {
        return sender.session();
    }

    /** Records that a message or a pong arrived from the client: it is alive. Cheap; call it for every message. */
    public void heard() {
        lastHeard = nanoClock.getAsLong();
    }

    /**
     * One keepalive check: queues a ping if the client has been quiet for {@code interval}, or
     * drops it with 1001 if a ping left the queue {@code timeout} ago and nothing has been heard
     * since the ping was queued.
     *
     * @param now      the time of this check, a {@link System#nanoTime} reading
     * @param interval quiet time before a ping, in nanoseconds
     * @param timeout  time allowed for an answer once the ping has been sent, in nanoseconds
     * @return false once the connection is closing, so it need not be checked again
     */
    boolean check(long now, long interval, long timeout) {
        long heard = lastHeard;
        if (!sender.isOpen()) {
            return false;
        }
        boolean unanswered;
        synchronized (this) {
            if (pingAwaited && heard - pingQueuedAt >= 0) {
                pingAwaited = false;
            }
            if (pingAwaited) {
                if (!pingSent || now - pingSentAt < timeout) {
                    return true;
                }
                unanswered = true;
            } else if (now - heard >= interval) {
                pingAwaited = true;
                pingSent = false;
                pingQueuedAt = now;
                unanswered = false;
            } else {
                return true;
            }
        }
        if (unanswered) {
            sender.drop(new CloseReason(CloseReason.CloseCodes.GOING_AWAY,
                    NO_PONG + " within " + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms"));
            return false;
        }
        return sender.ping(this::pingLeft);
    }

    /** The awaited ping has left the sender's queue: its answer is due from now. */
    private synchronized void pingLeft() {
        pingSent = true;
        pingSentAt = nanoClock.getAsLong();
    }
}
