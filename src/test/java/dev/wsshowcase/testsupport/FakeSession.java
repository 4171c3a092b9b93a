package dev.wsshowcase.testsupport;

import dev.wsshowcase.connection.Admission;
import dev.wsshowcase.connection.Connection;
import dev.wsshowcase.connection.Connections;
import dev.wsshowcase.liveness.Keepalive;
import dev.wsshowcase.send.SessionSender;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Session} for unit tests that records what is sent and closed. Like Tomcat, it
 * throws {@link IllegalStateException} when a send starts while another is in flight. The
 * test completes sends ({@link #completeNext}) unless {@link #completeInline} is set.
 */
public final class FakeSession {

    /** Tomcat's user property for how long a blocking send (a ping, a close) may take. */
    public static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    /** What {@link #sent} lists for a ping. */
    public static final String PING = "<ping>";

    private final List<Object> sent = new ArrayList<>();
    private final java.util.Set<String> sendingThreads = new java.util.LinkedHashSet<>();
    private final List<ClassLoader> sendingLoaders = new ArrayList<>();
    private final List<SendHandler> inFlight = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private final Map<String, Object> userProperties = new HashMap<>();
    private final List<Object> blockingTimeoutsAtPing = new ArrayList<>();
    private boolean completeInline;
    private boolean batching;
    /** Where batching is on: what was sent since the last flush. */
    private final List<Object> batched = new ArrayList<>();
    /** What each write carried, in order: one message, or (batching) what a flush wrote. */
    private final List<List<Object>> writes = new ArrayList<>();
    private Long containerSendTimeout;
    private int overlaps;
    private boolean open = true;
    private MessageHandler.Whole<PongMessage> pongHandler;

    private final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> async();
                case "addMessageHandler" -> {
                    addPongHandler(args);
                    yield null;
                }
                case "getUserProperties" -> userProperties;
                case "getId" -> "fake";
                case "isOpen" -> isOpen();
                case "close" -> {
                    recordClose(args == null ? null : (CloseReason) args[0]);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "FakeSession";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    public Session session() {
        return session;
    }

    /** A sender on this session that closes inline, with generous bounds. */
    public SessionSender sender() {
        return new SessionSender(session, Runnable::run, 1000, 8 * 1024 * 1024, 10_000);
    }

    /** A connection on this session, with {@link #sender()}'s sender, admitted by generous limits, keepalive off. */
    public Connection connection() {
        return ((Admission.Admitted) new Connections(1000, 1000).open(sender(), new Keepalive(null, 0, 0))).connection();
    }

    /** The value of {@link #BLOCKING_SEND_TIMEOUT} at each ping, in order. */
    public synchronized List<Object> blockingTimeoutsAtPing() {
        return List.copyOf(blockingTimeoutsAtPing);
    }

    private synchronized void recordSendTimeout(long millis) {
        containerSendTimeout = millis;
    }

    /** What the last {@code setSendTimeout} on the async remote set, or null. */
    public synchronized Long containerSendTimeout() {
        return containerSendTimeout;
    }

    /** From now on, sends complete inside the call that starts them. */
    public synchronized void completeInline(boolean inline) {
        completeInline = inline;
    }

    /** Completes the send in flight successfully, outside the fake's lock, like a container thread. */
    public void completeNext() {
        SendHandler handler;
        synchronized (this) {
            handler = inFlight.remove(0);
        }
        handler.onResult(new SendResult());
    }

    /** Fails the send in flight. */
    public void failNext(Throwable failure) {
        SendHandler handler;
        synchronized (this) {
            handler = inFlight.remove(0);
        }
        handler.onResult(new SendResult(failure));
    }

    /** Payloads sent so far: text as String, binary as byte[]. */
    public synchronized List<Object> sent() {
        return new ArrayList<>(sent);
    }

    /** The names of the threads that started this session's sends. */
    /** The context class loader of the thread of each send (data or ping), in order. */
    public synchronized List<ClassLoader> sendingLoaders() {
        return new ArrayList<>(sendingLoaders);
    }

    public synchronized java.util.Set<String> sendingThreads() {
        return new java.util.LinkedHashSet<>(sendingThreads);
    }

    public synchronized List<CloseReason> closes() {
        return new ArrayList<>(closes);
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** Sends that started while another was in flight (Tomcat would have thrown). */
    public synchronized int overlaps() {
        return overlaps;
    }

    public synchronized boolean isOpen() {
        return open;
    }

    /** Waits until at least {@code count} messages were sent; false on timeout. */
    public synchronized boolean awaitSent(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Delivers a pong to the handler the code under test registered. */
    public void pong() {
        MessageHandler.Whole<PongMessage> handler;
        synchronized (this) {
            handler = pongHandler;
        }
        if (handler == null) {
            throw new IllegalStateException("no pong handler registered");
        }
        handler.onMessage(() -> ByteBuffer.allocate(0));
    }

    @SuppressWarnings("unchecked")
    private synchronized void addPongHandler(Object[] args) {
        if (args.length != 2 || args[0] != PongMessage.class || !(args[1] instanceof MessageHandler.Whole<?>)) {
            throw new UnsupportedOperationException("only a whole pong handler is supported");
        }
        if (pongHandler != null) {
            throw new IllegalStateException("a pong handler is already registered");
        }
        pongHandler = (MessageHandler.Whole<PongMessage>) args[1];
    }

    private synchronized void recordClose(CloseReason reason) {
        closes.add(reason);
        open = false;
    }

    private RemoteEndpoint.Async async() {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setSendTimeout" -> {
                        recordSendTimeout((Long) args[0]);
                        yield null;
                    }
                    case "sendPing" -> {
                        ping();
                        yield null;
                    }
                    case "sendText", "sendBinary" -> {
                        start(args[0] instanceof ByteBuffer b ? copy(b) : args[0], (SendHandler) args[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A blocking ping, as the API has it; like a data send it must not overlap another send. */
    private synchronized void ping() {
        blockingTimeoutsAtPing.add(userProperties.get(BLOCKING_SEND_TIMEOUT));
        if (!inFlight.isEmpty()) {
            overlaps++;
            throw new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING]");
        }
        if (!open) {
            throw new IllegalStateException("The WebSocket session has been closed");
        }
        sent.add(PING);
        if (batching) {
            batched.add(PING);
        } else {
            writes.add(List.of(PING));
        }
        sendingLoaders.add(Thread.currentThread().getContextClassLoader());
        notifyAll();
    }

    /**
     * Whether batching is on ({@link #batchingOn}, until a flush or a discard). The API's
     * {@code setBatchingAllowed} and {@code flushBatch} throw here, as a sender must not use them
     * (the flush blocks).
     */
    public synchronized boolean batching() {
        return batching;
    }

    /**
     * An asynchronous flush, as Tomcat's: batching goes off, and what was batched is one write,
     * in flight until {@link #completeNext} (or at once with {@link #completeInline}); it must
     * not overlap a send.
     */
    public void startFlush(SendHandler handler) {
        synchronized (this) {
            batching = false;
            if (!inFlight.isEmpty()) {
                overlaps++;
                throw new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING]");
            }
            writes.add(List.copyOf(batched));
            batched.clear();
            notifyAll();
            if (!completeInline) {
                inFlight.add(handler);
                return;
            }
        }
        handler.onResult(new SendResult());
    }

    /** Turns batching on without a flush, as Tomcat's flag does. */
    public synchronized void batchingOn() {
        batching = true;
    }

    /** Turns batching off and drops what was batched, unwritten. */
    public synchronized void discardBatch() {
        batching = false;
        batched.clear();
    }

    /** What each write carried, in order: a message each where batching is off, what each flush wrote where it is on. */
    public synchronized List<List<Object>> writes() {
        return new ArrayList<>(writes);
    }


    private void start(Object payload, SendHandler handler) {
        synchronized (this) {
            if (!inFlight.isEmpty()) {
                overlaps++;
                throw new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING]");
            }
            sent.add(payload);
            sendingThreads.add(Thread.currentThread().getName());
            sendingLoaders.add(Thread.currentThread().getContextClassLoader());
            notifyAll();
            if (batching) {
                batched.add(payload); // into the buffer: complete at once, as Tomcat does
            } else {
                writes.add(List.of(payload));
            }
            if (!completeInline && !batching) {
                inFlight.add(handler);
                return;
            }
        }
        handler.onResult(new SendResult());
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] data = new byte[buffer.remaining()];
        buffer.duplicate().get(data);
        return data;
    }
}
