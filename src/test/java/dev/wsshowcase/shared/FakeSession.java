package dev.wsshowcase.shared;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Session} for unit tests that records what is sent and closed. Like Tomcat, it
 * throws {@link IllegalStateException} when a send starts while another is in flight.
 * Completion is controlled by the test ({@link #completeNext}) unless {@code completeInline}.
 */
final class FakeSession {

    /** A send the fake has started and not yet completed. */
    record PendingSend(Object payload, SendHandler handler) {
    }

    final List<Object> sent = new ArrayList<>();
    final List<PendingSend> inFlight = new ArrayList<>();
    final List<CloseReason> closes = new ArrayList<>();
    final Map<String, Object> userProperties = new HashMap<>();
    boolean completeInline;
    int overlaps;
    private boolean open = true;

    final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getAsyncRemote" -> async();
                case "getUserProperties" -> userProperties;
                case "getId" -> "fake";
                case "isOpen" -> open;
                case "close" -> {
                    synchronized (this) {
                        closes.add(args == null ? null : (CloseReason) args[0]);
                        open = false;
                    }
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "FakeSession";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private RemoteEndpoint.Async async() {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setSendTimeout" -> null;
                    case "sendText", "sendBinary" -> {
                        start(args[0] instanceof ByteBuffer b ? copy(b) : args[0], (SendHandler) args[1]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private void start(Object payload, SendHandler handler) {
        synchronized (this) {
            if (!inFlight.isEmpty()) {
                overlaps++;
                throw new IllegalStateException("The remote endpoint was in state [TEXT_FULL_WRITING]");
            }
            sent.add(payload);
            if (!completeInline) {
                inFlight.add(new PendingSend(payload, handler));
                return;
            }
        }
        handler.onResult(new jakarta.websocket.SendResult());
    }

    /** Completes the send in flight successfully (outside the fake's lock, like a container thread). */
    void completeNext() {
        PendingSend pending;
        synchronized (this) {
            pending = inFlight.remove(0);
        }
        pending.handler().onResult(new jakarta.websocket.SendResult());
    }

    /** Fails the send in flight. */
    void failNext(Throwable failure) {
        PendingSend pending;
        synchronized (this) {
            pending = inFlight.remove(0);
        }
        pending.handler().onResult(new jakarta.websocket.SendResult(failure));
    }

    synchronized List<Object> sent() {
        return new ArrayList<>(sent);
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] data = new byte[buffer.remaining()];
        buffer.duplicate().get(data);
        return data;
    }
}
