package dev.wsshowcase.shared;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection the application took: its {@link SessionSender}, its {@link Liveness}, and
 * its place in the connection limits, given back once when it closes.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    private final SessionSender sender;
    private final Liveness liveness;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable whenClosed = () -> { };
    /** Set when the application refused the connection (a connection limit); it is closing with 1013. */
    private volatile boolean refused;

    Connection(SessionSender sender, Liveness liveness) {
        this.sender = sender;
        this.liveness = liveness;
    }

    /** The one way to send to this connection. */
    public SessionSender sender() {
        return sender;
    }

    public Session session() {
        return sender.session();
    }

    Liveness liveness() {
        return liveness;
    }

    /** Records that a message arrived from the client; call it for every message. */
    public void heard() {
        liveness.heard();
    }

    /**
     * The policy for an unexpected exception in a message handler (a bug, not bad input): it is
     * logged with its stack trace, and this connection alone is closed with 1011 (internal
     * error); every other connection carries on. Containers differ in what they do with an
     * exception that escapes a handler, so handlers catch it and call this.
     */
    public void internalError(RuntimeException failure) {
        LOG.log(Level.WARNING, "Unexpected failure handling a message of session " + session().getId() + "; closing it with 1011", failure);
        sender.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
    }

    /** Tells the connection its session is gone: nothing more is sent, and its place is given back (once). */
    public void closed() {
        sender.closed();
        if (closed.compareAndSet(false, true)) {
            whenClosed.run();
        }
    }

    /** Closes the session with 1013 (try again later): the application cannot take it now. */
    void refuse(String reason) {
        refused = true;
        sender.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, reason));
    }

    /** Whether the application refused this connection; the endpoint then does nothing more with it. */
    public boolean refused() {
        return refused;
    }

    /** Runs {@code action} once, when the session is gone ({@link #closed}). */
    void whenClosed(Runnable action) {
        this.whenClosed = action;
    }
}
