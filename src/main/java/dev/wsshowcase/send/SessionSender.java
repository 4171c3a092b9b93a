package dev.wsshowcase.send;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way anything is sent to a session: an ordered queue with at most one asynchronous
 * send in flight.
 *
 * <p><b>Why.</b> Tomcat throws {@code IllegalStateException} when two sends overlap on a
 * session, and a blocking send to a client that stops reading holds the sending thread for up
 * to 20 s. With this class no caller ever blocks on the network and no two sends overlap,
 * whichever thread calls {@link #send}.
 *
 * <p><b>Slow clients.</b> The queue is bounded in messages and in bytes. When a message would
 * pass either bound, the queue is dropped and the session is closed with 1008 (policy
 * violation, reason {@value #TOO_SLOW}) on the close executor (on a thread of its own once
 * that has shut down, while the application stops); the caller returns at once.
 * A message that would replace an earlier one of the same stream can be queued with
 * {@link #sendLatest}, which keeps only the newest waiting copy (conflation) so that a client
 * that reads slowly gets fresh data rather than a backlog. A single message larger than the
 * byte bound is still accepted when nothing else waits, so a bound below the largest message
 * does not make that message undeliverable.
 *
 * <p><b>Closes just after open.</b> A close reached within {@value #OPENING_CLOSE_DELAY_MILLIS} ms
 * of the sender's creation (a refusal in {@code @OnOpen}: a connection limit, a chat room that
 * refuses the member) leaves when that time is up, on the close executor; what was queued
 * before it (the error saying why) leaves at once. Payara 6 recycles an upgraded request's
 * input buffer when the connection closes while a read of the client's first data is still
 * pending, and that pending read then takes the next connection's data: that connection gets
 * its pings but never a message. The client's first frame, sent right after the handshake, has
 * been read by the time the close leaves. Without a scheduler (unit tests), closes leave at once.
 *
 * <p><b>Control frames.</b> A ping ({@link #ping}) is queued like a message, so it never
 * overlaps a data send; it is sent on the close executor (on a thread of its own once that has
 * shut down), because the API's {@code sendPing} may block. When to ping, and when to give up on
 * a client that does not answer, is {@code dev.wsshowcase.liveness.Liveness}'s business, not this class's.
 *
 * <p><b>Batched writes.</b> Where the container has them ({@link Batching}: Tomcat), the messages
 * that wait behind a write leave together in the next one, so a client that falls behind costs
 * one write (and on Tomcat one completion hand-off) per batch rather than per message. A message
 * with nothing behind it is written on its own.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. The internal lock guards
 * only the queue; no send or close is ever started while holding it. Sends are started by the
 * thread that found the queue idle, then by the container's completion threads; where sends
 * complete on the calling thread, after {@link #MAX_INLINE_SENDS} of them by the continuation
 * executor, so a caller (a broadcast) is held for a bounded number of sends per recipient.
 */
public final class SessionSender {

    /**
     * How the close reason of a client dropped for not taking what it is sent begins (1008): a
     * page may reconnect after it and resume, as the client may read faster next time.
     */
    public static final String TOO_SLOW_PREFIX = "client too slow: ";

    /** The close reason phrase for a client dropped because its queue overflowed. */
    public static final String TOO_SLOW = TOO_SLOW_PREFIX + "send queue full";

    private static final Logger LOG = Logger.getLogger(SessionSender.class.getName());

    /**
     * Tomcat's session property bounding a blocking send: a ping, or the close frame. Whoever
     * opens the connection sets it to the bound for closes; a ping raises it to the send
     * timeout while it is sent, then puts back what was there.
     */
    public static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private static final int SENDING = 0;
    private static final int COMPLETED = 1;
    private static final int RETURNED = 2;

    /**
     * How many sends that complete inside the call that started them one drain carries on with
     * before it hands the rest to the continuation executor. Where the container writes on the
     * calling thread (Payara, often Jetty) a drain would otherwise hold its thread for as long
     * as other threads keep this queue fed, and a broadcast that started it would not get to
     * its other recipients meanwhile.
     */
    static final int MAX_INLINE_SENDS = 16;

    /**
     * How many messages one batched write carries at most: a drain flushes after this many (or
     * sooner, when no message is left; the container writes by itself when its buffer fills).
     */
    static final int MAX_BATCH = 64;

    /** The drain's marker for "write what is batched" (never queued). */
    private static final Object FLUSH = new Object();

    /** How long after its sender is created a connection's close waits to leave (see the class comment). */
    public static final long OPENING_CLOSE_DELAY_MILLIS = 100;

    private final Session session;
    private final Executor closer;
    private final Executor continuer;
    private final int maxMessages;
    private final long maxBytes;
    private final long sendTimeoutMillis;
    /** The context class loader a send runs with on Tyrus (see {@link #sendLoaderFor}); null elsewhere: the caller's. */
    private final ClassLoader sendLoader;
    /** Where a close just after open waits to leave; null: closes leave at once. */
    private final ScheduledExecutorService closeDelay;
    /** The container's batched writes (Tomcat); null: each message is written on its own. */
    private final Batching batch;
    /** When this sender was created (a {@link System#nanoTime} reading). */
    private final long createdAt = System.nanoTime();

    private final Object lock = new Object();
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** The conflated message still waiting in the queue, if any. */
    private Latest waitingLatest;
    private boolean inFlight;
    /** A batch is open: messages have gone into the container's buffer since the last flush. */
    private boolean unflushed;
    /** When the data send in flight was started (a {@link System#nanoTime} reading), or 0 while none is. */
    private volatile long sendStartedAt;
    private volatile Runnable onDropped = () -> { };
    private volatile Observer observer = Observer.NONE;
    /** No more messages are accepted (a close is queued or done). */
    private boolean closing;
    /** Nothing more is sent, not even what is queued. */
    private boolean closed;

    /**
     * @param session     the session to send to
     * @param closer      where a close that may block (an overflowing client) is run
     * @param maxMessages how many messages may wait
     * @param maxBytes    how many payload bytes may wait
     * @param sendTimeoutMillis how long one send may take before the connection is dropped
     */
    public SessionSender(Session session, Executor closer, int maxMessages, long maxBytes, long sendTimeoutMillis) {
        this(session, closer, closer, maxMessages, maxBytes, sendTimeoutMillis);
    }

    /**
     * @param continuer where a drain carries on after {@link #MAX_INLINE_SENDS} sends that
     *                  completed inline; it must not run the task on the calling thread
     */
    public SessionSender(Session session, Executor closer, Executor continuer, int maxMessages, long maxBytes,
                         long sendTimeoutMillis) {
        this(session, closer, continuer, null, maxMessages, maxBytes, sendTimeoutMillis);
    }

    /**
     * @param closeDelay where a close reached within {@link #OPENING_CLOSE_DELAY_MILLIS} of now
     *                   waits for that time to pass; null to close at once
     */
    public SessionSender(Session session, Executor closer, Executor continuer, ScheduledExecutorService closeDelay,
                         int maxMessages, long maxBytes, long sendTimeoutMillis) {
        this(session, closer, continuer, closeDelay, sendLoaderFor(session), Batching.of(session),
                maxMessages, maxBytes, sendTimeoutMillis);
    }

    /**
     * @param sendLoader the context class loader the container's sends run with, or null for the caller's
     * @param batch      the container's batched writes; null to send each message on its own
     */
    SessionSender(Session session, Executor closer, Executor continuer, ScheduledExecutorService closeDelay, ClassLoader sendLoader,
                  Batching batch, int maxMessages, long maxBytes, long sendTimeoutMillis) {
        this.session = session;
        this.batch = batch;
        this.sendLoader = sendLoader;
        this.closeDelay = closeDelay;
        this.closer = closer;
        this.continuer = continuer;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.sendTimeoutMillis = sendTimeoutMillis;
        session.getAsyncRemote().setSendTimeout(0);
    }

    /**
     * Runs {@code listener} once if this sender drops its client (queue overflow or a failed
     * send), on the close executor, so that the owner (a chat room) can let go of the client at
     * once instead of waiting for the container to report the close. Never run under a caller's lock.
     */
    public void onDropped(Runnable listener) {
        this.onDropped = listener;
    }

    /**
     * What this sender tells whoever counts its work (the metrics). The calls are cheap and never
     * block; {@link Observer#overflowed} is called with the sender's lock held.
     */
    public interface Observer {
        Observer NONE = new Observer() { };

        /** A message of {@code bytes} bytes is being handed to the container. */
        default void sending(int bytes) {
        }

        /**
         * A write is being asked of the container: for every message where each is written on
         * its own, for every flush of what waited where batching is on ({@link Batching}).
         */
        default void writing() {
        }

        /** The queue overflowed: the client is being dropped with 1008 ({@value SessionSender#TOO_SLOW}). */
        default void overflowed() {
        }

        /**
         * A send failed ({@code timedOut} false: the client is being dropped with 1001) or stayed
         * in flight past the send timeout ({@code timedOut} true: with 1008). Called once per
         * client, and not for a send that fails because the client was already dropped.
         */
        default void sendFailed(boolean timedOut) {
        }
    }

    /** Reports this sender's work to {@code observer} from now on. */
    public void observe(Observer observer) {
        this.observer = observer;
    }

    /** The session this sender writes to. */
    public Session session() {
        return session;
    }

    /**
     * Queues a message behind everything queued before it.
     *
     * @return false if the sender is closed or the client was just dropped for being too slow
     */
    public boolean send(Outbound message) {
        return submit(message);
    }

    /**
     * Queues a message without starting any I/O, for callers that queue under their own lock
     * (a chat room queues each event for all its members in sequence order). If the result
     * is {@link Queued#FLUSH}, the caller must call {@link #flush()} once it holds no lock.
     */
    public Queued enqueue(Outbound message) {
        synchronized (lock) {
            return offer(message);
        }
    }

    /** Starts sending what {@link #enqueue} queued; call it, holding no lock, when told to. */
    public void flush() {
        drain();
    }

    /** What {@link #enqueue} did. */
    public enum Queued {
        /** Not queued: the sender is closed, or the client was just dropped for being too slow. */
        REFUSED,
        /** Queued behind a send in flight, which will carry on by itself. */
        QUEUED,
        /** Queued, and nothing is in flight: the caller must call {@link #flush()}. */
        FLUSH
    }

    /**
     * Queues a message of a conflated stream (such as clock ticks): a waiting message queued
     * the same way is replaced by this one, in place. Messages queued with {@link #send} are
     * never replaced.
     */
    public boolean sendLatest(Outbound message) {
        return submit(new Latest(message));
    }

    /**
     * Closes the session with {@code reason} once everything queued before has been sent.
     * Anything queued afterwards is dropped.
     */
    public void close(CloseReason reason) {
        submit(new Close(reason));
    }

    /** Drops what is queued and closes the session now, on the calling thread (which may block for a send in flight). */
    public void closeAtOnce(CloseReason reason) {
        synchronized (lock) {
            dropAll();
        }
        discardBatch();
        closeNow(reason);
    }

    /** Tells the sender its session is gone: queued messages are dropped and nothing more is sent. */
    public void closed() {
        synchronized (lock) {
            dropAll();
        }
    }

    /**
     * Queues a ping behind everything queued before it. It is sent off the caller's thread, as
     * the API's {@code sendPing} may block, with Tomcat's blocking-send bound raised to the send
     * timeout meanwhile: a healthy client whose socket buffer is full (it is reading a burst)
     * makes room in time; only closes get the short bound. {@code onSent} runs once the ping
     * has left, before anything queued after it is sent; it must not block.
     *
     * @return false if the sender is closing or the client was just dropped for being too slow
     */
    public boolean ping(Runnable onSent) {
        return submit(new Ping(onSent));
    }

    /**
     * Drops what is queued, tells the owner ({@link #onDropped}) and closes the session with
     * {@code reason} off the caller's thread; nothing more is sent.
     *
     * @return false, doing nothing, if the sender was already closing (a close is queued or done)
     */
    public boolean drop(CloseReason reason) {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            dropAll();
        }
        dropped(reason);
        return true;
    }

    /** Whether messages are still accepted: no close is queued or done and the session is open. */
    public boolean isOpen() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
        }
        return session.isOpen();
    }

    /**
     * Whether a data send has been in flight for longer than the send timeout at {@code now} (a
     * {@link System#nanoTime} reading): the client stopped reading. The container's own send
     * timeout is off, because Tomcat's costs a shared sorted set insert and removal per send
     * (and, whenever the set empties, stopping and starting its timeout thread); the
     * keepalive's periodic check asks this instead and drops the client ({@link #dropOverdue}).
     */
    public boolean overdue(long now) {
        long started = sendStartedAt;
        return started != 0 && now - started > TimeUnit.MILLISECONDS.toNanos(sendTimeoutMillis);
    }

    /**
     * Drops a client whose send is {@link #overdue} with 1008 (policy violation, as a client
     * whose queue overflows: it does not take what it is sent); also when a close is queued
     * behind that send, which would otherwise wait for it for ever.
     */
    public void dropOverdue() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            dropAll();
        }
        observer.sendFailed(true);
        dropped(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, TOO_SLOW_PREFIX + "send timed out after " + sendTimeoutMillis + " ms"));
    }

    /** Messages waiting, not counting the one in flight; for tests and monitoring. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Queues {@code item} and starts sending if nothing is in flight; false if refused. */
    private boolean submit(Object item) {
        Queued queued;
        synchronized (lock) {
            queued = offer(item);
        }
        if (queued == Queued.FLUSH) {
            drain();
        }
        return queued != Queued.REFUSED;
    }

    /** Called with {@link #lock} held. */
    private Queued offer(Object item) {
        int size = sizeOf(item);
        if (closing) {
            return Queued.REFUSED;
        }
        if (item instanceof Latest latest && waitingLatest != null) {
            queuedBytes += size - waitingLatest.message.size();
            waitingLatest.message = latest.message;
            return Queued.QUEUED;
        }
        if (!queue.isEmpty() && (queue.size() >= maxMessages || queuedBytes + size > maxBytes)) {
            dropAll();
            observer.overflowed();
            dropped(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, TOO_SLOW));
            return Queued.REFUSED;
        }
        queue.addLast(item);
        queuedBytes += size;
        if (item instanceof Latest latest) {
            waitingLatest = latest;
        } else if (item instanceof Close) {
            closing = true;
        }
        if (inFlight) {
            return Queued.QUEUED;
        }
        inFlight = true;
        return Queued.FLUSH;
    }

    /**
     * Sends queued messages one at a time. Runs on the thread that found the queue idle, then
     * on the container's completion threads. A send that completes inside the call that
     * started it is continued by the loop, not by recursion, so a long queue cannot overflow
     * the stack; after {@link #MAX_INLINE_SENDS} of those the loop hands the rest to the
     * continuation executor, behind other connections' work, so that no thread is held by
     * one client's queue.
     *
     * <p>Where the container has batched writes ({@link Batching}) and more than one message
     * waits, a batch opens: a message completes inline once it is in the container's buffer, the
     * loop goes on with what waits, and flushes when no message is left, before a ping or a
     * close, or after {@link #MAX_BATCH} messages. The container writes its buffer by itself
     * whenever it fills, and the loop then carries on when that write completes. A message that
     * finds nothing behind it is sent on its own, as without batching.
     */
    private void drain() {
        int batched = 0;
        int inline = 0;
        while (true) {
            Object next;
            boolean batching = false;
            synchronized (lock) {
                if (closed) {
                    inFlight = false;
                    return;
                }
                next = queue.peekFirst();
                boolean message = isMessage(next);
                if (unflushed && (!message || batched >= MAX_BATCH)) {
                    unflushed = false;
                    next = FLUSH;
                } else if (next == null) {
                    inFlight = false;
                    return;
                } else {
                    take(next);
                    // a batch opens when another message waits behind this one, and lasts until flushed
                    batching = message && batch != null && (unflushed || isMessage(queue.peekFirst()));
                    unflushed = batching;
                }
            }
            if (next == FLUSH) {
                startFlush();
                return;
            }
            if (batching) {
                batch.start();
            }
            if (next instanceof Close close) {
                closeOnceOpened(close.reason());
                return;
            }
            if (next instanceof Ping ping) {
                sendPingThenDrain(ping.onSent());
                return;
            }
            Outbound message = next instanceof Latest latest ? latest.message : (Outbound) next;
            AtomicInteger handoff = new AtomicInteger(SENDING);
            SendHandler handler = result -> {
                sendStartedAt = 0;
                if (!result.isOK()) {
                    failed(result);
                } else if (!handoff.compareAndSet(SENDING, COMPLETED)) {
                    drain();
                }
            };
            observer.sending(message.size());
            if (!batching) {
                observer.writing();
            }
            sendStartedAt = startTime();
            Thread thread = Thread.currentThread();
            ClassLoader callers = enterSendLoader(thread);
            try {
                message.sendAsync(session.getAsyncRemote(), handler);
            } catch (RuntimeException e) {
                sendStartedAt = 0;
                failed(new SendResult(e));
                return;
            } finally {
                leaveSendLoader(thread, callers);
            }
            if (!handoff.compareAndSet(SENDING, RETURNED)) {
                if (batching) {
                    batched++; // in the container's buffer: the loop flushes after MAX_BATCH of them
                    continue;
                }
                if (++inline < MAX_INLINE_SENDS) {
                    continue; // completed inline: carry on in this loop
                }
                continueElsewhere();
                return;
            }
            return; // the handler continues when the send completes
        }
    }

    /**
     * Writes what was batched; the drain carries on when it is written. Holds the send slot,
     * and a flush that stays in flight past the send timeout is {@link #overdue} like a send.
     */
    private void startFlush() {
        observer.writing();
        sendStartedAt = startTime();
        try {
            batch.flush(result -> {
                sendStartedAt = 0;
                if (result.isOK()) {
                    drain();
                } else {
                    failed(result);
                }
            });
        } catch (RuntimeException e) {
            sendStartedAt = 0;
            failed(new SendResult(e));
        }
    }

    /** Sends a ping off the caller's thread ({@link #offCaller}), as the API's {@code sendPing} may block, then carries on draining there. */
    private void sendPingThenDrain(Runnable onSent) {
        offCaller(() -> {
            Object closeBound = session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, sendTimeoutMillis);
            Thread thread = Thread.currentThread();
            ClassLoader callers = enterSendLoader(thread); // as for a message: Tyrus restarts its idle timer on a ping too
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0)); // a batch is never open here
            } catch (IOException | RuntimeException e) {
                failed(new SendResult(e));
                return;
            } finally {
                leaveSendLoader(thread, callers);
                if (closeBound != null) {
                    session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, closeBound);
                } else {
                    session.getUserProperties().remove(BLOCKING_SEND_TIMEOUT);
                }
            }
            onSent.run();
            drain();
        });
    }

    /**
     * The context class loader for {@code session}'s sends: on Tyrus (Payara's WebSocket, and the
     * standalone server), the platform class loader; elsewhere null (sends run with the
     * caller's). Tyrus restarts a session's idle timer on every send by scheduling a task on the
     * container's scheduler, and Payara's managed scheduler captures the caller's context for
     * each task, looking up {@code ThreadContextProvider} services through the context class
     * loader: through the application's, every send read the jar indexes of Payara's modules
     * (83% of the server's CPU in a fan-out to 1000 members). The platform loader answers that
     * lookup from the JDK alone; no application provider is lost, as the application declares
     * none. Only the container's sends (messages and pings) run with it.
     */
    static ClassLoader sendLoaderFor(Session session) {
        return session.getClass().getName().startsWith("org.glassfish.tyrus.") ? ClassLoader.getPlatformClassLoader() : null;
    }

    /** Gives {@code thread} the {@link #sendLoader}, if there is one, for a send; returns its own, for {@link #leaveSendLoader}. */
    private ClassLoader enterSendLoader(Thread thread) {
        ClassLoader callers = thread.getContextClassLoader();
        if (sendLoader != null) {
            thread.setContextClassLoader(sendLoader);
        }
        return callers;
    }

    /** Gives {@code thread} back its own context class loader after a send. */
    private void leaveSendLoader(Thread thread, ClassLoader callers) {
        if (sendLoader != null) {
            thread.setContextClassLoader(callers);
        }
    }

    /** Now, never 0 (which means no send is in flight). */
    private static long startTime() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    /** Carries on draining on the continuation executor; the send slot stays taken meanwhile. */
    private void continueElsewhere() {
        try {
            continuer.execute(this::drain);
        } catch (RejectedExecutionException e) {
            offCaller(this::drain);
        }
    }

    private void failed(SendResult result) {
        boolean first;
        synchronized (lock) {
            first = !closed;
            dropAll();
            inFlight = false;
        }
        if (first) {
            observer.sendFailed(false);
        }
        LOG.log(Level.FINE, "Send to session " + session.getId() + " failed; closing", result.getException());
        dropped(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "send failed"));
    }

    /**
     * Tells the owner and closes the session, off the caller's thread ({@link #offCaller}): the
     * caller may hold locks (this sender's, a chat room's), and the owner's listener takes its
     * own while the close may block. The sender is already closed: nothing more is sent.
     */
    private void dropped(CloseReason reason) {
        offCaller(() -> {
            try {
                onDropped.run();
            } finally {
                discardBatch();
                closeNow(reason);
            }
        });
    }

    /**
     * Runs {@code task}, which may block and takes locks of its own, on the close executor; if
     * the executor rejects it (it has shut down: the application is stopping), on a new daemon
     * thread of its own instead, never on the caller's, which may hold locks. That thread holds
     * no lock and ends with the task: a close waits at most for the send in flight (on
     * Tomcat, the {@link #BLOCKING_SEND_TIMEOUT} set at open); by then the stopping application has usually closed the
     * session with 1001 already, and the close does nothing. This only happens while the
     * application stops.
     */
    private void offCaller(Runnable task) {
        try {
            closer.execute(task);
        } catch (RejectedExecutionException e) {
            Thread late = new Thread(task, "websocket-showcase-late-" + session.getId());
            late.setDaemon(true);
            late.start();
        }
    }

    /**
     * Closes now, or, within {@link #OPENING_CLOSE_DELAY_MILLIS} of this sender's creation, once
     * that time is up, on the close executor (see the class comment). Nothing else is sent
     * meanwhile: the queue is already closed. If the scheduler has shut down (the application is
     * stopping), at once.
     */
    private void closeOnceOpened(CloseReason reason) {
        long wait = TimeUnit.MILLISECONDS.toNanos(OPENING_CLOSE_DELAY_MILLIS) - (System.nanoTime() - createdAt);
        if (closeDelay != null && wait > 0) {
            try {
                closeDelay.schedule(() -> offCaller(() -> closeNow(reason)), wait, TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // stopping: close at once
            }
        }
        closeNow(reason);
    }

    /** What waits in the container's buffer goes with the queue (see {@link Batching#discard}). */
    private void discardBatch() {
        if (batch != null) {
            batch.discard();
        }
    }

    private void closeNow(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing session " + session.getId() + " failed", e);
        }
    }

    /** Whether a queue slot holds a data message (not a ping, a close, or nothing). */
    private static boolean isMessage(Object item) {
        return item instanceof Outbound || item instanceof Latest;
    }

    /** Takes {@code next}, the queue's head, off the queue. Called with the lock held. */
    private void take(Object next) {
        queue.pollFirst();
        queuedBytes -= sizeOf(next);
        if (next == waitingLatest) {
            waitingLatest = null;
        }
        if (next instanceof Close) {
            dropAll();
            inFlight = false;
        }
    }

    /** Called with the lock held. */
    private void dropAll() {
        closing = true;
        closed = true;
        queue.clear();
        queuedBytes = 0;
        waitingLatest = null;
    }

    /** Called with the lock held (a {@link Latest}'s content may change under it). */
    private static int sizeOf(Object item) {
        if (item instanceof Outbound o) {
            return o.size();
        }
        if (item instanceof Latest l) {
            return l.message.size();
        }
        return 0;
    }

    /** A queue slot whose message a newer one of the same stream may replace while it waits. */
    private static final class Latest {
        private Outbound message;

        Latest(Outbound message) {
            this.message = message;
        }
    }

    private record Close(CloseReason reason) {
    }

    /** The queue slot of a ping; {@code onSent} runs once it has left. */
    private record Ping(Runnable onSent) {
    }
}
