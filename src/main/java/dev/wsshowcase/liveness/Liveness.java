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

    /** What a liveness tells whoever counts (the metrics): cheap calls that never block. */
    public interface Observer {
        Observer NONE = new Observer() { };

        /** The client did not answer a ping in time and is being dropped with 1001. */
        default void timedOut() {
        }

        /** A pong answered the awaited ping {@code nanos} after the ping left. */
        default void answered(long nanos) {
        }
    }

    private final SessionSender sender;
    private final LongSupplier nanoClock;
    private final Observer observer;
    /** When a message or pong last arrived from the client (a {@link #nanoClock} reading). */
    private volatile long lastHeard;
    /** A ping is queued or sent and nothing has been heard since it was queued. */
    private boolean pingAwaited;
    private long pingQueuedAt;
    /** Whether the awaited ping has left the queue, and when. */
    private boolean pingSent;
    private long pingSentAt;

    public Liveness(SessionSender sender) {
        this(sender, Observer.NONE);
    }

    /** As above, telling {@code observer} of timeouts and of ping round trips. */
    public Liveness(SessionSender sender, Observer observer) {
        this(sender, System::nanoTime, observer);
    }

    /** As above, reading time from {@code nanoClock} instead of {@link System#nanoTime} (for tests). */
    Liveness(SessionSender sender, LongSupplier nanoClock) {
        this(sender, nanoClock, Observer.NONE);
    }

    Liveness(SessionSender sender, LongSupplier nanoClock, Observer observer) {
        this.sender = sender;
        this.nanoClock = nanoClock;
        this.observer = observer;
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
     * Records that a pong arrived: the client is alive, and if it answers the ping that left,
     * the round trip is measured.
     */
    void ponged() {
        long now = nanoClock.getAsLong();
        lastHeard = now;
        long roundTrip;
        synchronized (this) {
            if (!pingAwaited || !pingSent) {
                return;
            }
            roundTrip = now - pingSentAt;
            pingAwaited = false;
        }
        observer.answered(roundTrip);
    }

    /**
     * One keepalive check: drops the client with 1008 if a send to it is overdue
     * ({@link SessionSender#overdue}); then queues a ping if the client has been quiet for
     * {@code interval}, or drops it with 1001 if a ping left the queue {@code timeout} ago and
     * nothing has been heard since the ping was queued.
     *
     * @param now      the time of this check, a {@link System#nanoTime} reading
     * @param interval quiet time before a ping, in nanoseconds; 0 when pings are off
     * @param timeout  time allowed for an answer once the ping has been sent, in nanoseconds
     * @return false once the connection is closing, so it need not be checked again
     */
    boolean check(long now, long interval, long timeout) {
        long heard = lastHeard;
        // before the open check: a close queued behind a send that never completes waits for it
        if (sender.overdue(now)) {
            sender.dropOverdue();
            return false;
        }
        if (!sender.isOpen()) {
            return false;
        }
        if (interval <= 0) {
            return true;
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
            observer.timedOut();
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
