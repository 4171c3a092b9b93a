package dev.wsshowcase.send;

import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tomcat's batched writes. Tomcat writes a session's output buffer asynchronously whenever it
 * fills, and its blocking {@code flushBatch} is the same write followed by a wait:
 * {@code WsRemoteEndpointImplBase.startMessage} with the internal flush opcode starts it with a
 * completion handler instead. Its {@code batchingAllowed} flag is what {@code setBatchingAllowed}
 * sets after flushing; setting the flag alone turns batching on and off without a blocking
 * flush. Neither is public, so both are found by reflection, once per class (Tomcat 10.1 and 11
 * have them); where either is not found, or the session is not Tomcat's, {@link #of} answers null.
 */
final class TomcatBatching implements Batching {

    private static final Logger LOG = Logger.getLogger(TomcatBatching.class.getName());

    /** Tomcat's internal opcode for "write the output buffer" ({@code Constants.INTERNAL_OPCODE_FLUSH}). */
    private static final byte FLUSH_OPCODE = 0x18;

    /**
     * The handles found for the last class of asynchronous remote endpoint asked about (a
     * container has one), or for none. Kept here, not in a {@link ClassValue} of the container's
     * class: that would hold this application's classes from the container's for ever, and
     * Tomcat would report the undeployed application as a leak.
     */
    private static volatile Handles found;

    private final Object endpoint;
    private final MethodHandle startMessage;
    private final AtomicBoolean batchingAllowed;

    private TomcatBatching(Object endpoint, MethodHandle startMessage, AtomicBoolean batchingAllowed) {
        this.endpoint = endpoint;
        this.startMessage = startMessage;
        this.batchingAllowed = batchingAllowed;
    }

    /** See {@link Batching#of}. */
    static Batching of(Session session) {
        Object remote = session.getAsyncRemote();
        Handles handles = found;
        if (handles == null || handles.remoteClass != remote.getClass()) {
            found = handles = Handles.find(remote.getClass());
        }
        if (handles.base == null) {
            return null;
        }
        try {
            Object endpoint = handles.base.invoke(remote);
            return new TomcatBatching(endpoint, handles.startMessage, (AtomicBoolean) handles.batchingAllowed.invoke(endpoint));
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(Level.FINE, "Batched writes are not available for session " + session.getId(), e);
            return null;
        }
    }

    @Override
    public void start() {
        batchingAllowed.set(true);
    }

    @Override
    public void flush(SendHandler handler) {
        batchingAllowed.set(false); // the flush does not read it; a close from now on does not flush first
        try {
            startMessage.invoke(endpoint, FLUSH_OPCODE, (ByteBuffer) null, true, handler);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void discard() {
        batchingAllowed.set(false);
    }

    /**
     * For one class of asynchronous remote endpoint: Tomcat's {@code WsRemoteEndpointBase.base}
     * getter, {@code WsRemoteEndpointImplBase.startMessage} and the getter of its
     * {@code batchingAllowed} flag; all null where that class is not Tomcat's or they were not found.
     */
    private record Handles(Class<?> remoteClass, MethodHandle base, MethodHandle startMessage, MethodHandle batchingAllowed) {

        static Handles find(Class<?> remoteClass) {
            Handles none = new Handles(remoteClass, null, null, null);
            try {
                Field base = field(remoteClass, "org.apache.tomcat.websocket.WsRemoteEndpointBase", "base");
                if (base == null) {
                    return none;
                }
                Method start = base.getType().getDeclaredMethod("startMessage",
                        byte.class, ByteBuffer.class, boolean.class, SendHandler.class);
                Field batching = base.getType().getDeclaredField("batchingAllowed");
                if (batching.getType() != AtomicBoolean.class) {
                    throw new NoSuchFieldException("batchingAllowed is a " + batching.getType().getName());
                }
                base.setAccessible(true);
                start.setAccessible(true);
                batching.setAccessible(true);
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                return new Handles(remoteClass, lookup.unreflectGetter(base), lookup.unreflect(start),
                        lookup.unreflectGetter(batching));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.INFO, "Tomcat's batched writes were not found in " + remoteClass.getName()
                        + "; each message is written on its own", e);
                return none;
            }
        }

        private static Field field(Class<?> type, String declaringClass, String name) throws NoSuchFieldException {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(declaringClass)) {
                    return c.getDeclaredField(name);
                }
            }
            return null;
        }
    }
}
