package dev.wsshowcase.connection;

import dev.wsshowcase.liveness.Liveness;
import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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

    /**
     * Takes one message (or message part) from the client: records that the client was heard,
     * then runs {@code handling}. An unexpected exception from it is a bug, not bad input: it
     * is logged with its stack trace, {@code abandon} lets go of what the endpoint holds for
     * this connection, and this connection alone is closed with 1011 (internal error); every
     * other connection carries on. Containers differ in what they do with an exception that
     * escapes a handler, so every handler goes through here. Call it on the container's thread
     * for the message.
     */
    public void receive(Runnable handling, Runnable abandon) {
        liveness.heard();
        try {
            handling.run();
        } catch (RuntimeException e) {
            abandon.run();
            internalError(e);
        }
    }

    /**
     * Takes a binary message on an endpoint that accepts text only: records that the client was
     * heard, and if {@code stop} lets go of the endpoint's state (it returns false once that
     * is done already: the connection is closing), closes with 1003 (cannot accept) and
     * {@code reason} after what is queued.
     */
    public void refuseBinary(BooleanSupplier stop, String reason) {
        liveness.heard();
        if (stop.getAsBoolean()) {
            sender.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, reason));
        }
    }

    private void internalError(RuntimeException failure) {
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

    /** Runs {@code action} once, when the session is gone ({@link #closed}). */
    void whenClosed(Runnable action) {
        this.whenClosed = action;
    }
}
