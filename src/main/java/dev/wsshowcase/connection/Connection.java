package dev.wsshowcase.connection;

import dev.wsshowcase.codec.InvalidMessage;
import dev.wsshowcase.liveness.Liveness;
import dev.wsshowcase.metrics.EndpointMeters;
import dev.wsshowcase.metrics.Metrics;
import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection the application took: its {@link SessionSender}, its {@link Liveness}, its
 * place in the connection limits, given back once when it closes, and what it counts (messages
 * in and out, for the endpoint's meters and for the line logged when it closes).
 *
 * <p><b>Closing.</b> {@link #closed(CloseReason)} logs one line per connection: the endpoint,
 * the close code and reason, how long it was open, the messages in and out and the client's
 * address; at {@code FINE} for normal closes (1000, 1001, and 1005/1006, a close without code),
 * at {@code INFO} for the closes that a policy made (1003, 1007, 1008, 1009, 1011, 1013), so
 * that an operator sees why clients were dropped without every page change filling the log.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    /** The close codes logged at INFO: the connection was closed because of what the client did, or could not be served. */
    private static final Set<Integer> POLICY_CODES = Set.of(1003, 1007, 1008, 1009, 1011, 1013);

    private final SessionSender sender;
    private final Liveness liveness;
    private final String endpoint;
    private final String address;
    private final Metrics metrics;
    private final EndpointMeters meters;
    private final long openedAt = System.nanoTime();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Runnable whenClosed = () -> { };

    /**
     * @param endpoint the endpoint's name, a label of its meters ({@code echo}, {@code clock}, {@code chat})
     * @param address  the client's address, or null if unknown
     */
    Connection(SessionSender sender, String endpoint, String address, Metrics metrics) {
        this.sender = sender;
        this.endpoint = endpoint;
        this.address = address;
        this.metrics = metrics;
        this.meters = metrics.endpoint(endpoint);
        this.liveness = new Liveness(sender, new Liveness.Observer() {
            @Override
            public void timedOut() {
                meters.keepaliveTimedOut();
            }

            @Override
            public void answered(long nanos) {
                meters.pingAnswered(nanos);
            }
        });
        sender.observe(new SessionSender.Observer() {
            @Override
            public void sending(int bytes) {
                messagesOut.incrementAndGet();
                meters.sent(bytes);
            }

            @Override
            public void writing() {
                meters.wrote();
            }

            @Override
            public void overflowed() {
                meters.overflowed();
            }

            @Override
            public void sendFailed(boolean timedOut) {
                meters.sendFailed(timedOut);
            }
        });
    }

    /** The one way to send to this connection. */
    public SessionSender sender() {
        return sender;
    }

    public Session session() {
        return sender.session();
    }

    /** The endpoint's name ({@code echo}, {@code clock}, {@code chat}). */
    public String endpoint() {
        return endpoint;
    }

    /** The client's address, or null if unknown. */
    String address() {
        return address;
    }

    Liveness liveness() {
        return liveness;
    }

    /**
     * Takes one whole message from the client, decoded by a decoder that noted its size
     * ({@link InboundSize}): records that the client was heard and counts the message, then
     * runs {@code handling}. An unexpected exception from it is a bug, not bad input: it
     * is logged with its stack trace, {@code abandon} lets go of what the endpoint holds for
     * this connection, and this connection alone is closed with 1011 (internal error); every
     * other connection carries on. Containers differ in what they do with an exception that
     * escapes a handler, so every handler goes through here. Call it on the container's thread
     * for the message.
     */
    public void receive(Runnable handling, Runnable abandon) {
        receive(InboundSize.take(), true, handling, abandon);
    }

    /** As {@link #receive(Runnable, Runnable)}, for one part of {@code bytes} bytes of a message ({@code last}: its end). */
    public void receive(long bytes, boolean last, Runnable handling, Runnable abandon) {
        liveness.heard();
        counted(bytes, last);
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
        counted(0, true);
        if (stop.getAsBoolean()) {
            sender.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, reason));
        }
    }

    private void counted(long bytes, boolean last) {
        if (last) {
            messagesIn.incrementAndGet();
        }
        meters.received(bytes, last);
    }

    private void internalError(RuntimeException failure) {
        LOG.log(Level.WARNING, "Unexpected failure handling a message of session " + session().getId() + "; closing it with 1011", failure);
        sender.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error"));
    }

    /** As {@link #closed(CloseReason)} where the close reason is unknown (counted as 1005, no code). */
    public void closed() {
        closed(null);
    }

    /**
     * Tells the connection its session is gone, with the reason the container gave the
     * endpoint's {@code @OnClose}: nothing more is sent, and once, its place is given back, the
     * close is counted by endpoint and code, and its line is logged.
     */
    public void closed(CloseReason reason) {
        sender.closed();
        if (closed.compareAndSet(false, true)) {
            int code = reason == null ? CloseReason.CloseCodes.NO_STATUS_CODE.getCode() : reason.getCloseCode().getCode();
            metrics.closed(endpoint, code);
            log(code, reason == null ? null : reason.getReasonPhrase());
            whenClosed.run();
        }
    }

    private void log(int code, String phrase) {
        Level level = POLICY_CODES.contains(code) ? Level.INFO : Level.FINE;
        if (!LOG.isLoggable(level)) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);
        LOG.log(level, String.format("Closed %s connection %s from %s with %d%s after %d.%03d s: %d messages in, %d out",
                endpoint, session().getId(), address == null ? "an unknown address" : address, code,
                phrase == null || phrase.isEmpty() ? "" : " (" + InvalidMessage.excerpt(phrase) + ")",
                millis / 1000, millis % 1000, messagesIn.get(), messagesOut.get()));
    }

    /** Runs {@code action} once, when the session is gone ({@link #closed}). */
    void whenClosed(Runnable action) {
        this.whenClosed = action;
    }
}
